// The PostgreSQL target uses the same models as the SQLite one. prisma/postgres/schema.prisma is generated from
// prisma/schema.prisma by this script (provider and client output differ, nothing else), so the two can never drift:
//   tsx scripts/postgres-schema.mts          rewrite prisma/postgres/schema.prisma
//   tsx scripts/postgres-schema.mts --check  exit 1 if the committed copy is out of date (CI)
import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";

const root = resolve(import.meta.dirname, "..");
const source = readFileSync(resolve(root, "prisma/schema.prisma"), "utf8");
const target = resolve(root, "prisma/postgres/schema.prisma");

const header = "// GENERATED from prisma/schema.prisma by scripts/postgres-schema.mts — edit that file, then rerun.\n";
const converted =
  header +
  source
    .replace('output     = "../lib/generated/prisma"', 'output     = "../../lib/generated/prisma-pg"')
    .replace('provider = "sqlite"', 'provider = "postgresql"')
    .replace('url      = "file:./dev.db"', 'url      = "postgresql://localhost:5432/unused"');

if (!converted.includes("prisma-pg") || !converted.includes('"postgresql"')) {
  console.error("postgres-schema: the generator or datasource block of prisma/schema.prisma changed shape; update this script");
  process.exit(1);
}

if (process.argv.includes("--check")) {
  const current = readFileSync(target, "utf8");
  if (current !== converted) {
    console.error("prisma/postgres/schema.prisma is out of date: run `tsx scripts/postgres-schema.mts` and add a PostgreSQL migration");
    process.exit(1);
  }
  console.log("postgres schema: in step with prisma/schema.prisma");
} else {
  writeFileSync(target, converted);
  console.log(`wrote ${target}`);
}
