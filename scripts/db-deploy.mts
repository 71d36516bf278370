// Production database step (Vercel build command): apply committed migrations for DATABASE_URL's target and run the
// idempotent seed (languages, demo agents only outside production, the first supervisor from
// SUPERVISOR_EMAIL / SUPERVISOR_PASSWORD). Safe to run on every deploy.
import { resolve } from "node:path";
import { EnvError, loadEnv } from "../lib/env.ts";
import { migrateDeploy } from "../lib/db/migrate.ts";
import { createPrismaClient, tuneSqlite } from "../lib/db/client.ts";
import { seedDatabase } from "../lib/db/seed.ts";

const root = resolve(import.meta.dirname, "..");
let config: ReturnType<typeof loadEnv>;
try {
  config = loadEnv(process.env);
} catch (err) {
  console.error(err instanceof EnvError ? err.message : err);
  process.exit(1);
}
// On Vercel only the production deployment touches the database: a preview build runs a branch's migrations, which
// must never reach production data before the branch merges. Previews get their own DATABASE_URL (Preview
// environment) and opt in to migrating it with MIGRATE_PREVIEW_DATABASE=1.
const vercelEnv = process.env.VERCEL_ENV;
if (process.env.VERCEL && vercelEnv !== "production" && process.env.MIGRATE_PREVIEW_DATABASE !== "1") {
  console.log(`db-deploy: skipped on a ${vercelEnv ?? "non-production"} Vercel deployment (set MIGRATE_PREVIEW_DATABASE=1 for a preview's own database)`);
  process.exit(0);
}
console.log(migrateDeploy(config.databaseUrl, root).trim());
const db = createPrismaClient(config.databaseUrl);
await tuneSqlite(db, config.databaseUrl);
const seeded = await seedDatabase(db, config.supervisor, { demoAgents: !config.production });
console.log(`seed: +${seeded.languages} languages, +${seeded.agents} agents, +${seeded.supervisors} supervisors`);
await db.$disconnect();
