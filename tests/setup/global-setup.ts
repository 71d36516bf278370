// Migrates one template SQLite database per test run; each test file gets its own copy (per-file-db.ts), so
// files run in parallel and in any order without seeing each other's rows.
import { mkdirSync, rmSync } from "node:fs";
import { resolve } from "node:path";
import type { TestProject } from "vitest/node";
import { migrateDeploy } from "../../lib/db/migrate";
import { ROOT, TEST_DATA_ROOT } from "./paths";

declare module "vitest" {
  export interface ProvidedContext {
    testDataDir: string;
  }
}

export default function setup(project: TestProject) {
  const dir = resolve(TEST_DATA_ROOT, `run-${process.pid}-${Date.now()}`);
  mkdirSync(dir, { recursive: true });
  migrateDeploy(`file:${resolve(dir, "template.db")}`, ROOT);
  project.provide("testDataDir", dir);
  return () => rmSync(dir, { recursive: true, force: true });
}
