// Prisma CLI configuration for the PostgreSQL (production) target: `prisma <cmd> --config prisma.postgres.config.ts`.
// Same Wasm-engine-through-adapter approach as prisma.config.ts, with two adapter-pg 6.19 workarounds (below:
// catalog column types, shadow database connection).
import { randomUUID } from "node:crypto";
import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";

const connectionString = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/ivr";

// prisma/orm#27403: catalog queries return `name` / `"char"` columns that adapter-pg cannot deserialize; report
// them as text (pg returns their values as strings anyway).
const CATALOG_TEXT_OIDS = new Set([18, 19, 22, 24, 30, 194, 2205, 2206]);
type Field = { dataTypeID: number };
type QueryResult = { fields?: Field[] };
function patchCatalogTypes<T extends object>(adapter: T): T {
  const a = adapter as unknown as { performIO: (q: unknown) => Promise<QueryResult | QueryResult[]> };
  const performIO = a.performIO.bind(a);
  a.performIO = async (query: unknown) => {
    const result = await performIO(query);
    for (const r of Array.isArray(result) ? result : [result])
      for (const field of r.fields ?? []) if (CATALOG_TEXT_OIDS.has(field.dataTypeID)) field.dataTypeID = 25;
    return result;
  };
  return adapter;
}

// adapter-pg 6.x connectToShadowDb() with a connection string silently connects to the main database; use discrete
// fields and create/drop the shadow database ourselves.
const u = new URL(connectionString);
const pgConfig = {
  host: u.hostname,
  port: Number(u.port || 5432),
  user: decodeURIComponent(u.username),
  password: decodeURIComponent(u.password),
  database: u.pathname.slice(1),
  ...(u.searchParams.get("sslmode") && u.searchParams.get("sslmode") !== "disable" ? { ssl: { rejectUnauthorized: false } } : {}),
};

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/postgres/schema.prisma",
  migrations: { path: "prisma/postgres/migrations" },
  async adapter() {
    const factory = new PrismaPg(pgConfig);
    const connect = factory.connect.bind(factory);
    factory.connect = async () => patchCatalogTypes(await connect());
    factory.connectToShadowDb = async () => {
      const admin = await connect();
      const shadowName = `prisma_migrate_shadow_db_${randomUUID()}`;
      await admin.executeScript(`CREATE DATABASE "${shadowName}"`);
      const shadow = patchCatalogTypes(await new PrismaPg({ ...pgConfig, database: shadowName }).connect());
      const dispose = shadow.dispose.bind(shadow);
      shadow.dispose = async () => {
        await dispose();
        await admin.executeScript(`DROP DATABASE IF EXISTS "${shadowName}"`);
        await admin.dispose();
      };
      return shadow;
    };
    return factory;
  },
});
