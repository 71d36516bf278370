// Brings a database up to the committed migrations with Prisma's own CLI (migrate deploy), which is idempotent:
// a current database is left alone, a missing SQLite file is created. DATABASE_URL's scheme picks the target:
// file: -> prisma.config.ts (prisma/migrations), postgres(ql):// -> prisma.postgres.config.ts (prisma/postgres/).
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";

export function isPostgresUrl(databaseUrl: string) {
  return databaseUrl.startsWith("postgres://") || databaseUrl.startsWith("postgresql://");
}

export function sqliteFilePath(databaseUrl: string, root = process.cwd()): string | null {
  if (!databaseUrl.startsWith("file:")) return null;
  return resolve(root, databaseUrl.slice("file:".length));
}

export function prismaConfigFor(databaseUrl: string) {
  return isPostgresUrl(databaseUrl) ? "prisma.postgres.config.ts" : "prisma.config.ts";
}

export function migrateDeploy(databaseUrl: string, root = process.cwd()) {
  const file = sqliteFilePath(databaseUrl, root);
  if (file) mkdirSync(dirname(file), { recursive: true });
  const result = spawnSync(
    resolve(root, "node_modules/.bin/prisma"),
    ["migrate", "deploy", "--config", prismaConfigFor(databaseUrl)],
    {
      cwd: root,
      env: { ...process.env, DATABASE_URL: databaseUrl, CHECKPOINT_DISABLE: "1", PRISMA_HIDE_UPDATE_MESSAGE: "1" },
      encoding: "utf8",
    },
  );
  if (result.status !== 0) {
    throw new Error(`prisma migrate deploy failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
  return result.stdout;
}
