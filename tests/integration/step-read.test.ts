// The call a webhook step reads in its first statement (lib/ivr/step-read.ts, issue #20): on PostgreSQL it rides in
// the receipt claim or a callback's nonce write instead of a `SELECT * FROM "Call"` of its own, so it must be the
// same row the step would have read, with the same routing inputs routing would have read. On both databases.
import { beforeAll, describe, expect, it, vi } from "vitest";
import { getDb, type Db } from "@/lib/db/client";
import { seedDatabase } from "@/lib/db/seed";
import { DIAL_RESULT_STEP_READ, ROUTING_STEP_READ } from "@/lib/ivr/flow/agent";
import { HANGUP_EVENT_TYPES } from "@/lib/ivr/flow/hangup";
import { readStepCall } from "@/lib/ivr/step-read";
import { clearPools } from "@/lib/routing/agent-pool";
import { Caller, plivoRequest, send } from "./ivr-harness";

vi.mock("@/lib/realtime/publish", () => ({ publish: vi.fn(async () => null) }));

let db: Db;
beforeAll(async () => {
  db = await getDb();
  await seedDatabase(db, { email: "sup@example.com", password: "password1" });
  await db.agent.updateMany({ data: { status: "AVAILABLE", currentCallId: null, consecutiveMisses: 0 } });
  clearPools(db);
});

describe("a step's pre-read of its call", () => {
  it("the answer URL makes its call, customer and first events once, even delivered three times at once", async () => {
    const c = new Caller({ from: "+14155550142" });
    const answers = await Promise.all([0, 1, 2].map(() => send(plivoRequest("/ivr/start", c.base))));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(new Set(answers.map((a) => a.xml)).size).toBe(1);
    const calls = await db.call.findMany({ where: { callUuid: c.callUuid }, include: { events: true, customer: true } });
    expect(calls).toHaveLength(1);
    expect(calls[0]!.customer?.phone).toBe("+14155550142");
    expect(calls[0]!.events.map((e) => e.type).sort()).toEqual(["call.started", "step"]);
    expect(await db.customer.count({ where: { phone: "+14155550142" } })).toBe(1);
    expect(calls[0]).toMatchObject({ status: "IN_IVR", step: "LANGUAGE", direction: "INBOUND" });
  });

  it("is the call's row as a read of its own returns it, with routing's inputs and the dial attempts counted", async () => {
    const c = new Caller();
    await c.answer();
    await c.press("1");
    await c.press("2");
    expect(c.elements, c.xml).toContain("Dial");
    const row = await db.call.findUniqueOrThrow({ where: { callUuid: c.callUuid }, include: { customer: true } });
    // The action's choice and its ROUTING step are written with the routing outcome, in the order they happened.
    const timeline = await db.callEvent.findMany({ where: { callId: row.id }, orderBy: { id: "asc" } });
    expect(timeline.map((e) => (e.type === "step" ? `step ${JSON.parse(e.detail!).step}` : e.type)).slice(-5)).toEqual([
      "action.agent",
      "step ROUTING",
      "routing.assigned",
      "dial.started",
      "step AGENT",
    ]);
    await db.customer.update({ where: { id: row.customerId! }, data: { priority: 2 } });

    const known = await readStepCall(db, c.callUuid, ROUTING_STEP_READ);
    const { customer: _customer, ...plain } = row;
    expect(known.call).toEqual(plain);
    expect(known.extras).toEqual({
      callId: row.id,
      customerPriority: 2,
      customerLastAgentId: null,
      customerLastRating: null,
      assignmentsTried: 1,
      events: { "dial.started": 1 },
    });
    // The dial result's pre-read also brings the assignment it will close: the latest, as recordDialResult reads it.
    const assignment = await db.agentAssignment.findFirstOrThrow({ where: { callId: row.id }, orderBy: [{ assignedAt: "desc" }, { id: "desc" }] });
    const dial = await readStepCall(db, c.callUuid, DIAL_RESULT_STEP_READ);
    expect(dial.extras?.lastAssignment).toEqual({ id: assignment.id, agentId: assignment.agentId, outcome: "PENDING" });
    await c.hangup();
  });

  it("counts the events that decide a hangup's final status, and is null for a call never seen", async () => {
    const c = new Caller();
    await c.answer();
    await c.press("1");
    await c.press("1"); // hear the message
    const known = await readStepCall(db, c.callUuid, { eventTypes: HANGUP_EVENT_TYPES });
    expect(known.extras?.events).toEqual({ "message.played": 1, "voicemail.recorded": 0, "callback.requested": 0 });
    await c.hangup();
    expect((await db.call.findUniqueOrThrow({ where: { callUuid: c.callUuid } })).status).toBe("COMPLETED");

    expect(await readStepCall(db, "never-seen-call", ROUTING_STEP_READ)).toEqual({ call: null, extras: null });
    // A call that never reached an agent has no assignment to close.
    expect((await readStepCall(db, c.callUuid, DIAL_RESULT_STEP_READ)).extras?.lastAssignment).toBeNull();
  });
});
