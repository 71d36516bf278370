// The integration and e2e suites again, against a real PostgreSQL server, when TEST_POSTGRES_URL names one
// (e.g. postgresql://postgres@127.0.0.1:5432/postgres; .ci/run starts Debian's server and sets it). Without it this
// step says so and passes, so the README's test command works on a machine without PostgreSQL. With
// TEST_POSTGRES_POOLED_URL (a PgBouncer in transaction mode in front of that server) a third pass runs through it.
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

// The direct passes run with named prepared statements (DATABASE_PREPARED_STATEMENTS=1, lib/db/prepared-pool.ts), as
// a long-running server on a direct connection would; the PgBouncer pass runs the default (unnamed), which a
// transaction-mode pooler needs. pooler-rules.test.ts pins the default in every pass.
step("vitest on PostgreSQL", bin("vitest"), ["run"], { TEST_DATABASE: "postgres", TEST_POSTGRES_POOLED_URL: "", DATABASE_PREPARED_STATEMENTS: "1" });

// Once more through PgBouncer in transaction mode (.ci/run starts it: .ci/pgbouncer.sh), the way serverless
// functions reach a hosted database through its pooled URL: the tests' databases are created on the direct URL,
// the app and the tests use the pooled one (tests/setup/per-file-db.ts). Only the files that exercise the database
// hardest (integration, lib/db, lib/routing: about 4 of the full pass's minutes), to keep CI near its budget.
const pooled = process.env.TEST_POSTGRES_POOLED_URL;
const POOLED_PASS = ["tests/integration", "lib/db", "lib/routing"];
if (pooled) {
  step(`vitest on PostgreSQL through PgBouncer (transaction pooling): ${POOLED_PASS.join(", ")}`, bin("vitest"), ["run", ...POOLED_PASS], {
    TEST_DATABASE: "postgres",
    TEST_POSTGRES_POOLED_URL: pooled,
    DATABASE_PREPARED_STATEMENTS: "0",
  });
} else {
  console.log("\n== PgBouncer pass skipped: TEST_POSTGRES_POOLED_URL is not set (.ci/run starts PgBouncer and sets it; README)");
}

const e2eDb = `ivr_e2e_${process.pid}`;
await dropDatabase(admin, e2eDb);
await runAdmin(admin, `CREATE DATABASE "${e2eDb}"`);
try {
  step("playwright on PostgreSQL", bin("playwright"), ["test"], {
    E2E_DATABASE_URL: postgresUrlFor(admin, e2eDb),
    DATABASE_PREPARED_STATEMENTS: "1",
    E2E_NO_BUILD: process.env.E2E_NO_BUILD ?? "",
  });
} finally {
  await dropDatabase(admin, e2eDb);
}
