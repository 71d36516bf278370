// Migrates one template database per test run; each test file gets its own copy (per-file-db.ts), so files run in
// parallel and in any order without seeing each other's rows. SQLite by default (a template file copied per test
// file); PostgreSQL when TEST_DATABASE=postgres and TEST_POSTGRES_URL names a server (a template database cloned per
// test file) — scripts/test-postgres.mts sets both for the second pass.
import { mkdirSync, rmSync } from "node:fs";
import { resolve } from "node:path";
import type { TestProject } from "vitest/node";
import { migrateDeploy } from "../../lib/db/migrate";
import { ROOT, TEST_DATA_ROOT } from "./paths";
import { dropDatabase, postgresUrlFor, runAdmin } from "./postgres";

declare module "vitest" {
  export interface ProvidedContext {
    testDataDir: string;
    postgresTemplate: string | null;
  }
}

export default async function setup(project: TestProject) {
  const runId = `${process.pid}_${Date.now()}`;
  const dir = resolve(TEST_DATA_ROOT, `run-${runId}`);
  mkdirSync(dir, { recursive: true });
  project.provide("testDataDir", dir);

  const admin = process.env.TEST_DATABASE === "postgres" ? process.env.TEST_POSTGRES_URL : undefined;
  if (process.env.TEST_DATABASE === "postgres" && !admin) throw new Error("TEST_DATABASE=postgres needs TEST_POSTGRES_URL");
  if (admin) {
    const template = `ivr_test_tpl_${runId}`;
    await runAdmin(admin, `CREATE DATABASE "${template}"`);
    migrateDeploy(postgresUrlFor(admin, template), ROOT);
    project.provide("postgresTemplate", template);
    return async () => {
      await dropDatabase(admin, template);
      rmSync(dir, { recursive: true, force: true });
    };
  }
  migrateDeploy(`file:${resolve(dir, "template.db")}`, ROOT);
  project.provide("postgresTemplate", null);
  return () => rmSync(dir, { recursive: true, force: true });
}
