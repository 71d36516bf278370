// CI check that the two migration histories describe the same models:
//   1. prisma/postgres/schema.prisma is exactly the generated copy of prisma/schema.prisma;
//   2. the SQLite migrations produce prisma/schema.prisma (no drift);
//   3. when TEST_POSTGRES_URL names a server, the PostgreSQL migrations produce prisma/postgres/schema.prisma.
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { resolve } from "node:path";

const root = resolve(import.meta.dirname, "..");
// The SQLite diff opens a (scratch) database file; its folder does not exist in a fresh clone.
mkdirSync(resolve(root, ".data"), { recursive: true });
const prisma = resolve(root, "node_modules/.bin/prisma");
let failed = false;

function run(label: string, cmd: string, args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(cmd, args, { cwd: root, encoding: "utf8", env: { ...process.env, CHECKPOINT_DISABLE: "1", ...env } });
  const ok = r.status === 0;
  console.log(`${ok ? "ok  " : "FAIL"} ${label}`);
  if (!ok) {
    failed = true;
    console.log(r.stdout, r.stderr);
  }
}

run("postgres schema generated from the sqlite schema", resolve(root, "node_modules/.bin/tsx"), ["scripts/postgres-schema.mts", "--check"]);
run("sqlite migrations match prisma/schema.prisma", prisma, [
  "migrate", "diff", "--config", "prisma.config.ts", "--from-migrations", "prisma/migrations",
  "--to-schema-datamodel", "prisma/schema.prisma", "--exit-code",
], { DATABASE_URL: "file:./.data/check-migrations.db" });
const pgAdmin = process.env.TEST_POSTGRES_URL;
if (pgAdmin) {
  run("postgres migrations match prisma/postgres/schema.prisma", prisma, [
    "migrate", "diff", "--config", "prisma.postgres.config.ts", "--from-migrations", "prisma/postgres/migrations",
    "--to-schema-datamodel", "prisma/postgres/schema.prisma", "--exit-code",
  ], { DATABASE_URL: pgAdmin });
} else {
  console.log("skip postgres migrations (set TEST_POSTGRES_URL to check them against a server)");
}
process.exit(failed ? 1 : 0);
