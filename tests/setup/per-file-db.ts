// Gives this test file a private, migrated, empty database before any app module reads the environment.
import { copyFileSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { resolve } from "node:path";
import { afterAll, inject } from "vitest";
import { dropDatabase, postgresUrlFor, runAdmin } from "./postgres";

const template = inject("postgresTemplate");
const admin = process.env.TEST_DATABASE === "postgres" ? process.env.TEST_POSTGRES_URL : undefined;
if (template && admin) {
  const name = `ivr_test_${randomUUID().replaceAll("-", "")}`;
  await runAdmin(admin, `CREATE DATABASE "${name}" TEMPLATE "${template}"`);
  // The PgBouncer pass (scripts/test-postgres.mts) sets TEST_POSTGRES_POOLED_URL: the app and the tests then reach the
  // database through a transaction-mode pooler, as on a hosted provider's pooled URL; creating and dropping it stays
  // on the direct admin URL (CREATE DATABASE cannot run through the pooler's per-database pools).
  const pooled = process.env.TEST_POSTGRES_POOLED_URL;
  process.env.DATABASE_URL = postgresUrlFor(pooled || admin, name);
  afterAll(async () => {
    const g = globalThis as unknown as { prisma?: { $disconnect(): Promise<void> } };
    await g.prisma?.$disconnect();
    await dropDatabase(admin, name);
  });
} else {
  const dir = inject("testDataDir");
  const file = resolve(dir, `${randomUUID()}.db`);
  copyFileSync(resolve(dir, "template.db"), file);
  process.env.DATABASE_URL = `file:${file}`;
}
process.env.PUBLIC_BASE_URL ??= "http://localhost:3000";
