// Prisma CLI configuration. Prisma 6.19 runs Migrate on its bundled WebAssembly schema engine through a
// driver adapter, so no native engine is downloaded (this network only reaches the npm registry).
// DATABASE_URL selects the target: file:... (SQLite, the embedded default) or postgres(ql)://... (production).
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";

const url = process.env.DATABASE_URL ?? "file:./prisma/dev.db";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  async adapter() {
    const factory = new PrismaBetterSQLite3({ url });
    // The Wasm engine replays each migration.sql into the shadow database with an argument-less executeRaw,
    // which better-sqlite3 runs one statement at a time (P3006); route those to executeScript.
    const connectToShadowDb = factory.connectToShadowDb.bind(factory);
    factory.connectToShadowDb = async () => {
      const shadow = await connectToShadowDb();
      const executeRaw = shadow.executeRaw.bind(shadow);
      shadow.executeRaw = async (query) => {
        if (query.args.length === 0) {
          await shadow.executeScript(query.sql);
          return 0;
        }
        return executeRaw(query);
      };
      return shadow;
    };
    return factory;
  },
});
