// The integration and e2e suites again, against a real PostgreSQL server, when TEST_POSTGRES_URL names one
// (e.g. postgresql://postgres@127.0.0.1:5432/postgres; .ci/run starts Debian's server and sets it). Without it this
// step says so and passes, so the README's test command works on a machine without PostgreSQL.
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { dropDatabase, postgresUrlFor, runAdmin } from "../tests/setup/postgres.ts";

const admin = process.env.TEST_POSTGRES_URL;
if (!admin) {
  console.log("test:postgres skipped: TEST_POSTGRES_URL is not set (CI sets it; see README)");
  process.exit(0);
}
const root = resolve(import.meta.dirname, "..");
const bin = (name: string) => resolve(root, "node_modules/.bin", name);


const step = (label: string, cmd: string, args: string[], env: Record<string, string> = {}) => {
  console.log(`\n== ${label}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...env } });
  if (r.status !== 0) {
    console.error(`${label} failed`);
    process.exit(r.status ?? 1);
  }
};

step("vitest on PostgreSQL", bin("vitest"), ["run"], { TEST_DATABASE: "postgres" });

const e2eDb = `ivr_e2e_${process.pid}`;
await dropDatabase(admin, e2eDb);
await runAdmin(admin, `CREATE DATABASE "${e2eDb}"`);
try {
  step("playwright on PostgreSQL", bin("playwright"), ["test"], {
    E2E_DATABASE_URL: postgresUrlFor(admin, e2eDb),
    E2E_NO_BUILD: process.env.E2E_NO_BUILD ?? "",
  });
} finally {
  await dropDatabase(admin, e2eDb);
}
