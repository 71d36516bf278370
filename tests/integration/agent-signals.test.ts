// The dashboards' "agent.changed" signal after a dial result, a rating and a hangup carries the agent's status as it
// is after the change, on both databases. On PostgreSQL that status comes back from the release or rating statement
// itself (issue #20): no `SELECT "status" FROM "Agent"` after the response, which was a statement per dial result and
// per rating on the pool.
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { getDb, type Db } from "@/lib/db/client";
import { seedDatabase } from "@/lib/db/seed";
import { resetStatementCounts, setStatementCounting, statementSnapshot } from "@/lib/db/statement-count";
import { clearPools } from "@/lib/routing/agent-pool";
import { Caller } from "./ivr-harness";

const published = vi.hoisted(() => [] as Array<{ event: string; payload: Record<string, unknown> }>);
vi.mock("@/lib/realtime/publish", () => ({
  publish: vi.fn(async (event: string, payload: Record<string, unknown>) => {
    published.push({ event, payload });
    return null;
  }),
}));

const postgres = process.env.TEST_DATABASE === "postgres";
let db: Db;

beforeAll(async () => {
  db = await getDb();
  await seedDatabase(db, { email: "sup@example.com", password: "password1" });
});
beforeEach(async () => {
  await db.agent.updateMany({ data: { status: "AVAILABLE", currentCallId: null, consecutiveMisses: 0 } });
  clearPools(db);
  published.length = 0;
});

/** The statuses signalled for this agent so far (each signal goes to the floor and to the agent's own channel). */
const statusesOf = (agentId: string) =>
  [...new Set(published.filter((p) => p.event === "agent.changed" && p.payload.agentId === agentId).map((p) => JSON.stringify(p.payload.status)))];

const statusReadsAfterResponses = () =>
  Object.entries(statementSnapshot().byKey)
    .filter(([key]) => key.endsWith(":after"))
    .reduce((n, [, t]) => n + Object.entries(t.texts).filter(([text]) => text.startsWith('SELECT "status" FROM "Agent"')).reduce((a, [, c]) => a + c, 0), 0);

describe("agent.changed signals", () => {
  it("say what the agent became after a completed call, a rating and a miss", async () => {
    setStatementCounting(true);
    resetStatementCounts();
    try {
      const c = new Caller();
      await c.answer();
      await c.press("1");
      await c.press("2");
      const call = await db.call.findUniqueOrThrow({ where: { callUuid: c.callUuid } });
      const agentId = call.agentId!;
      await c.agentEvent("answer");
      published.length = 0;
      await c.dialEnds("completed", 60);
      await vi.waitFor(() => expect(statusesOf(agentId)).toEqual([JSON.stringify("WRAP_UP")]));
      expect((await db.agent.findUniqueOrThrow({ where: { id: agentId } })).status).toBe("WRAP_UP");

      published.length = 0;
      await c.press("4");
      await vi.waitFor(() => expect(statusesOf(agentId)).toEqual([JSON.stringify("WRAP_UP")]));
      await c.hangup();

      // A missed dial: the agent goes back to AVAILABLE (one miss is below the not-ready threshold).
      const d = new Caller();
      await d.answer();
      await d.press("1");
      await d.press("2");
      const missedBy = (await db.call.findUniqueOrThrow({ where: { callUuid: d.callUuid } })).agentId!;
      published.length = 0;
      await d.dialEnds("no-answer");
      await vi.waitFor(() => expect(statusesOf(missedBy)).toContain(JSON.stringify("AVAILABLE")));
      await d.hangup();

      await new Promise((r) => setTimeout(r, 50)); // let deferred work finish before counting it
      if (postgres) expect(statusReadsAfterResponses()).toBe(0);
    } finally {
      setStatementCounting(false);
    }
  });
});
