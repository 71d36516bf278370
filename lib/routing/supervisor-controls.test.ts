// Supervisor controls: force-release a stuck agent and end a stuck call, with who and why in the call's timeline,
// the agent freed without a miss; input validated (a reason is required).
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { createPrismaClient } from "../db/client";
import { clearPools } from "./agent-pool";
import { assignAgent } from "./index";
import { endCallInput, endStuckCall, forceReleaseAgent, forceReleaseInput } from "./supervisor-controls";
import { createAgent, createCall, ensureLanguages, testOptions } from "../../tests/support/routing-fixtures";

const db = createPrismaClient(process.env.DATABASE_URL!);
afterAll(() => db.$disconnect());
beforeEach(async () => {
  await db.agentAssignment.deleteMany();
  await db.routingCandidate.deleteMany();
  await db.routingDecision.deleteMany();
  await db.call.deleteMany();
  await db.agent.deleteMany();
  await ensureLanguages(db);
  clearPools(db);
});

async function stuckPair() {
  const { opts } = testOptions();
  const agent = await createAgent(db);
  const call = await createCall(db);
  const r = await assignAgent(db, { callId: call.id, languageCode: "en" }, opts);
  if (r.kind !== "assigned") throw new Error("expected an agent");
  await db.call.update({ where: { id: call.id }, data: { status: "CONNECTED", step: "AGENT", answeredAt: new Date(), agentConnectedAt: new Date() } });
  await db.agent.update({ where: { id: agent.id }, data: { consecutiveMisses: 1 } });
  return { agent, call, opts };
}

const events = async (callId: string, type: string) =>
  (await db.callEvent.findMany({ where: { callId, type } })).map((e) => JSON.parse(e.detail ?? "{}") as Record<string, unknown>);

describe("supervisor controls", () => {
  it("force-release frees a BUSY agent without a miss and writes who and why into the call's timeline", async () => {
    const { agent, call, opts } = await stuckPair();
    const r = await forceReleaseAgent(db, { agentId: agent.id, reason: "phone died", by: "sup@example.com" }, opts);
    expect(r.ok).toBe(true);
    expect(await db.agent.findUniqueOrThrow({ where: { id: agent.id } })).toMatchObject({ status: "AVAILABLE", currentCallId: null, consecutiveMisses: 1 });
    expect(await events(call.id, "agent.force-released")).toEqual([{ agentId: agent.id, by: "sup@example.com", reason: "phone died" }]);
    expect((await forceReleaseAgent(db, { agentId: agent.id, reason: "again", by: "sup@example.com" }, opts)).ok).toBe(false);
  });

  it("end call closes it with the supervisor and reason in the timeline and frees its agent; a second end says so", async () => {
    const { agent, call, opts } = await stuckPair();
    expect(await endStuckCall(db, { callId: call.id, reason: "caller gone", by: "sup@example.com" }, opts)).toMatchObject({ ok: true });
    expect(await db.call.findUniqueOrThrow({ where: { id: call.id } })).toMatchObject({ status: "COMPLETED" });
    expect(await events(call.id, "call.closed")).toEqual([expect.objectContaining({ by: "sup@example.com", reason: "caller gone" })]);
    expect((await db.agent.findUniqueOrThrow({ where: { id: agent.id } })).status).toBe("AVAILABLE");
    expect(await endStuckCall(db, { callId: call.id, reason: "again", by: "sup@example.com" }, opts)).toMatchObject({ ok: false });
  });

  it("a reason is required", () => {
    expect(forceReleaseInput.safeParse({ agentId: "a", reason: " " }).success).toBe(false);
    expect(endCallInput.safeParse({ callId: "", reason: "ok reason" }).success).toBe(false);
    expect(endCallInput.safeParse({ callId: "c", reason: "x".repeat(201) }).success).toBe(false);
  });
});
