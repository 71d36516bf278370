// "Why this agent" survives the hot path's tuning (issue #20): on PostgreSQL the routing decision's record is written
// by the IVR's move to the agent step (RoutingOptions.holdDecision, lib/ivr/call-store.ts moveCall) instead of a
// statement of its own; on SQLite routing writes it. Either way a caller put through to an agent leaves the decision,
// its candidates, the call's routedAt and a timeline event naming that decision. Runs on both databases.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { getDb, type Db } from "@/lib/db/client";
import { seedDatabase } from "@/lib/db/seed";
import { assignAgent } from "@/lib/routing";
import { clearPools } from "@/lib/routing/agent-pool";
import { Caller } from "./ivr-harness";

vi.mock("@/lib/realtime/publish", () => ({ publish: vi.fn(async () => null) }));

const postgres = process.env.TEST_DATABASE === "postgres";
let db: Db;

beforeAll(async () => {
  db = await getDb();
  await seedDatabase(db, { email: "sup@example.com", password: "password1" });
});
afterAll(() => vi.restoreAllMocks());

beforeEach(async () => {
  await db.agent.updateMany({ data: { status: "AVAILABLE", currentCallId: null, consecutiveMisses: 0 } });
  clearPools(db);
});

describe(`the decision record of a caller put through (${postgres ? "PostgreSQL" : "SQLite"})`, () => {
  it("records the decision, its candidates, routedAt and the timeline's decision id when the IVR assigns an agent", async () => {
    const c = new Caller();
    await c.answer();
    await c.press("1");
    await c.press("2");
    expect(c.elements, c.xml).toContain("Dial");

    const call = await db.call.findUniqueOrThrow({ where: { callUuid: c.callUuid } });
    expect(call.agentId).toBeTruthy();
    expect(call.routedAt).toBeInstanceOf(Date);
    const decisions = await db.routingDecision.findMany({ where: { callId: call.id }, include: { candidates: true } });
    expect(decisions).toHaveLength(1);
    const [decision] = decisions;
    expect(decision).toMatchObject({ outcome: "ASSIGNED", chosenAgentId: call.agentId, languageCode: "en", claimAttempts: 1 });
    expect(decision!.candidates.length).toBeGreaterThan(0);
    expect(decision!.candidates.filter((r) => r.claimed).map((r) => r.agentId)).toEqual([call.agentId]);
    const assigned = await db.callEvent.findFirstOrThrow({ where: { callId: call.id, type: "routing.assigned" } });
    expect(JSON.parse(assigned.detail ?? "{}")).toMatchObject({ agentId: call.agentId, decisionId: decision!.id });
    await c.hangup();
  });

  it("assignAgent hands the record back only when asked to hold it, and only on PostgreSQL", async () => {
    const plain = new Caller();
    await plain.answer();
    await plain.press("1");
    const call = await db.call.findUniqueOrThrow({ where: { callUuid: plain.callUuid } });
    const held = await assignAgent(db, { callId: call.id, languageCode: "en" }, { holdDecision: true });
    expect(held.kind).toBe("assigned");
    const written = await db.routingDecision.count({ where: { callId: call.id } });
    if (postgres) {
      // Nothing written yet: the record is the caller's to write, with the decision's id and the chosen candidate.
      expect(written).toBe(0);
      expect(held).toMatchObject({ record: { id: (held as { decisionId: string }).decisionId, outcome: "ASSIGNED", callId: call.id } });
    } else {
      expect(written).toBe(1);
      expect(held).not.toHaveProperty("record");
    }
    await plain.hangup();
  });
});
