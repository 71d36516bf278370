// CPU per statement on the hot path: Prisma's $queryRaw/$executeRaw/$transaction against the same SQL sent through
// lib/db/direct.ts (the Prisma driver adapter without the client's per-query planning). Throwaway SQLite file.
//   npx tsx scripts/bench-sql.mts [iterations=5000]
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const dir = mkdtempSync(join(tmpdir(), "bench-sql-"));
process.env.DATABASE_URL = `file:${join(dir, "bench.db")}`;
const root = resolve(import.meta.dirname, "..");
const { migrateDeploy } = await import("../lib/db/migrate.ts");
migrateDeploy(process.env.DATABASE_URL, root);
const { getDb } = await import("../lib/db/client.ts");
const { direct } = await import("../lib/db/direct.ts");
const db = await getDb();
const sql = direct(db);
const call = await db.call.create({ data: { callUuid: "bench-sql", direction: "INBOUND", from: "+1", to: "+2" } });

const n = Number(process.argv[2] ?? 5000);
const rows: string[][] = [];
async function measure(label: string, viaPrisma: () => Promise<unknown>, viaDirect: () => Promise<unknown>) {
  const cpu = async (f: () => Promise<unknown>) => {
    for (let i = 0; i < 500; i++) await f(); // warm-up
    const start = process.cpuUsage();
    for (let i = 0; i < n; i++) await f();
    const used = process.cpuUsage(start);
    return (used.user + used.system) / n;
  };
  const p = await cpu(viaPrisma);
  const d = await cpu(viaDirect);
  rows.push([label, p.toFixed(1), d.toFixed(1), `${(p / d).toFixed(1)}x`]);
}

await measure(
  "SELECT a Call row by CallUUID",
  () => db.$queryRaw`SELECT * FROM "Call" WHERE "callUuid" = ${"bench-sql"}`,
  () => sql.$queryRaw`SELECT * FROM "Call" WHERE "callUuid" = ${"bench-sql"}`,
);
await measure(
  "UPDATE one Call row",
  () => db.$executeRaw`UPDATE "Call" SET "updatedAt" = ${new Date()} WHERE "id" = ${call.id}`,
  () => sql.$executeRaw`UPDATE "Call" SET "updatedAt" = ${new Date()} WHERE "id" = ${call.id}`,
);
await measure(
  "transaction: UPDATE ... RETURNING + INSERT",
  () =>
    db.$transaction(async (tx) => {
      await tx.$queryRaw`UPDATE "Call" SET "updatedAt" = ${new Date()} WHERE "id" = ${call.id} RETURNING *`;
      await tx.$executeRaw`INSERT INTO "CallEvent" ("callId", "type", "at") VALUES (${call.id}, ${"bench"}, ${new Date()})`;
    }),
  () =>
    sql.$transaction(async (tx) => {
      await tx.$queryRaw`UPDATE "Call" SET "updatedAt" = ${new Date()} WHERE "id" = ${call.id} RETURNING *`;
      await tx.$executeRaw`INSERT INTO "CallEvent" ("callId", "type", "at") VALUES (${call.id}, ${"bench"}, ${new Date()})`;
    }),
);
await db.$disconnect();
rmSync(dir, { recursive: true, force: true });

console.log(`CPU per operation, µs (${n} iterations each, SQLite)`);
console.log("operation".padEnd(44), "Prisma".padStart(8), "direct".padStart(8), "ratio".padStart(7));
for (const [label, p, d, r] of rows) console.log(label!.padEnd(44), p!.padStart(8), d!.padStart(8), r!.padStart(7));
