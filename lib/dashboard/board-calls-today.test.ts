// The board's "calls today" per agent: today's local day only (not yesterday evening, not a call connected after
// midnight tonight), and read through the Call(agentConnectedAt, agentId) range so its cost does not grow with the
// history (both databases: SQLite's EXPLAIN QUERY PLAN, PostgreSQL's EXPLAIN).
import { beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient, type Db } from "../db/client";
import { isPostgresUrl } from "../db/migrate";
import { Prisma } from "../db/sql";
import { seedDatabase } from "../db/seed";
import { loadAgentStats } from "./load-agent-stats";
import { callsTodaySql, loadBoard } from "./load-board";
import { startOfToday, startOfTomorrow } from "./time";

const ZONE = "America/New_York";
// 10:00 in New York (EDT since 8 March); local midnight is 04:00 UTC.
const NOW = new Date("2026-03-10T14:00:00Z");
let db: Db;
let aliceId: string;

beforeAll(async () => {
  db = createPrismaClient(process.env.DATABASE_URL!);
  await seedDatabase(db, { email: "s@example.com", password: "password1" });
  aliceId = (await db.agent.findUniqueOrThrow({ where: { phone: "+14155550101" } })).id;
  const connected = [
    "2026-03-10T03:59:00Z", // 23:59 yesterday in New York (already "today" in UTC): not counted
    "2026-03-10T04:00:00Z", // local midnight: counted
    "2026-03-10T13:00:00Z", // this morning: counted
    "2026-03-11T04:00:00Z", // tomorrow's local midnight: not counted
    ...Array.from({ length: 40 }, (_, i) => new Date(Date.parse("2026-01-01T15:00:00Z") + i * 86_400_000).toISOString()),
  ];
  for (const [i, iso] of connected.entries()) {
    await db.call.create({
      data: {
        callUuid: `t${i}`, direction: "INBOUND", from: "+12025550100", to: "+14155550000", languageCode: "en",
        agentId: aliceId, status: "COMPLETED", step: "DONE", startedAt: new Date(Date.parse(iso) - 30_000), agentConnectedAt: new Date(iso),
      },
    });
  }
});

describe("calls today on the board and in /api/agent-stats", () => {
  it("counts the calls connected since local midnight in the call centre's zone, and none from other days", async () => {
    const board = await loadBoard(db, NOW, ZONE);
    const alice = board.find((l) => l.code === "en")!.agents.find((a) => a.id === aliceId)!;
    expect(alice.callsToday).toBe(2);
    const stats = await loadAgentStats(db, NOW, ZONE);
    const row = stats.agents.find((a) => a.id === aliceId)!;
    expect(row.callsToday).toBe(2);
    expect(row.languages.map((l) => l.code).sort()).toEqual(board.filter((l) => l.agents.some((a) => a.id === aliceId)).map((l) => l.code).sort());
  });

  it("reads today's range through the Call(agentConnectedAt, agentId) index, not every call of an agent", async () => {
    const sql = callsTodaySql(startOfToday(NOW, ZONE), startOfTomorrow(NOW, ZONE));
    let plan: string;
    if (isPostgresUrl(process.env.DATABASE_URL!)) {
      // A tiny test table is cheapest to scan whole; forbid that so the plan shows which index the query can use.
      plan = await db.$transaction(async (tx) => {
        await tx.$executeRawUnsafe("SET LOCAL enable_seqscan = off");
        const rows = await tx.$queryRaw<Array<{ "QUERY PLAN": string }>>(Prisma.sql`EXPLAIN ${sql}`);
        return rows.map((r) => r["QUERY PLAN"]).join("\n");
      });
    } else {
      await db.$executeRawUnsafe("ANALYZE"); // the planner's statistics, as a long-running database has them
      const rows = await db.$queryRaw<Array<{ detail: string }>>(Prisma.sql`EXPLAIN QUERY PLAN ${sql}`);
      plan = rows.map((r) => r.detail).join("\n");
    }
    expect(plan).toContain("Call_agentConnectedAt_agentId_idx");
  });
});
