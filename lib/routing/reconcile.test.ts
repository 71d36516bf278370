// Reconcile that recovers (#14): staleness bounds per state, Plivo's live-call list, release without a miss,
// queue places of callers who stopped polling, concurrency and idempotency; Dial cancel is not a miss.
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { createPrismaClient, tuneSqlite } from "../db/client";
import { clearPools } from "./agent-pool";
import { assignAgent, reconcile, recordDialResult } from "./index";
import { callersAhead } from "./queue";
import { closeCall } from "./reconcile";
import { createAgent, createCall, ensureLanguages, testOptions } from "../../tests/support/routing-fixtures";

const db = createPrismaClient(process.env.DATABASE_URL!);
afterAll(() => db.$disconnect());

beforeEach(async () => {
  await tuneSqlite(db, process.env.DATABASE_URL!);
  await db.routingCandidate.deleteMany();
  await db.routingDecision.deleteMany();
  await db.feedback.deleteMany();
  await db.agentAssignment.deleteMany();
  await db.call.deleteMany();
  await db.agent.deleteMany();
  await ensureLanguages(db);
  clearPools(db);
});

const ago = (ms: number, from: Date) => new Date(from.getTime() - ms);
const MIN = 60_000;
const bounds = { ivrStaleMinutes: 10, maxCallMinutes: 60, queueSeenSeconds: 90 };

/** A call with an agent on it (claimed through routing, so the assignment row is real). */
async function callWithAgent(status: "CONNECTING" | "CONNECTED", lastSeenAt: Date) {
  const { opts } = testOptions();
  const agent = await createAgent(db);
  const call = await createCall(db);
  const r = await assignAgent(db, { callId: call.id, languageCode: "en" }, opts);
  if (r.kind !== "assigned") throw new Error("expected an agent");
  await db.call.update({
    where: { id: call.id },
    data: { step: "AGENT", status, answeredAt: ago(2 * MIN, lastSeenAt), lastSeenAt, ...(status === "CONNECTED" ? { agentConnectedAt: lastSeenAt } : {}) },
  });
  return { agent, call };
}

async function closedEvents(callId: string) {
  return (await db.callEvent.findMany({ where: { callId, type: "call.closed" } })).map((e) => JSON.parse(e.detail ?? "{}") as { reason: string; by: string; status: string });
}

describe("reconcile bounds per state", () => {
  it("closes an IVR call quiet past its bound with the reason in the timeline, and leaves a fresh one alone", async () => {
    const now = new Date();
    const { opts } = testOptions();
    const stale = await createCall(db);
    const fresh = await createCall(db);
    await db.call.update({ where: { id: stale.id }, data: { step: "MENU", answeredAt: ago(12 * MIN, now), lastSeenAt: ago(11 * MIN, now) } });
    await db.call.update({ where: { id: fresh.id }, data: { step: "MENU", answeredAt: ago(6 * MIN, now), lastSeenAt: ago(5 * MIN, now) } });

    expect(await reconcile(db, now, { ...opts, recovery: bounds })).toMatchObject({ closed: 1 });
    expect(await db.call.findUniqueOrThrow({ where: { id: stale.id } })).toMatchObject({ status: "ABANDONED", endedAt: now });
    const [event] = await closedEvents(stale.id);
    expect(event).toMatchObject({ by: "reconcile", status: "ABANDONED" });
    expect(event?.reason).toContain("in the IVR");
    expect(await db.call.findUniqueOrThrow({ where: { id: fresh.id } })).toMatchObject({ status: "IN_IVR", endedAt: null });
  });

  it("keeps a connected call up to the maximum call length, then closes it and frees the agent without a miss", async () => {
    const now = new Date();
    const { opts } = testOptions();
    const talking = await callWithAgent("CONNECTED", ago(30 * MIN, now));
    expect(await reconcile(db, now, { ...opts, recovery: bounds })).toMatchObject({ closed: 0, released: 0 });
    expect((await db.agent.findUniqueOrThrow({ where: { id: talking.agent.id } })).status).toBe("BUSY");

    const later = new Date(now.getTime() + 31 * MIN);
    expect(await reconcile(db, later, { ...opts, recovery: bounds })).toMatchObject({ closed: 1, released: 1 });
    const agent = await db.agent.findUniqueOrThrow({ where: { id: talking.agent.id } });
    expect(agent).toMatchObject({ status: "AVAILABLE", currentCallId: null, consecutiveMisses: 0, totalCalls: 0 });
    expect((await db.agentAssignment.findFirstOrThrow({ where: { callId: talking.call.id } })).outcome).toBe("RELEASED");
    expect((await db.call.findUniqueOrThrow({ where: { id: talking.call.id } })).status).toBe("COMPLETED");
    expect((await closedEvents(talking.call.id))[0]?.reason).toContain("max call length");
  });

  it("with Plivo's live list, closes open calls Plivo no longer has (but not brand-new ones), and falls back to bounds if Plivo fails", async () => {
    const now = new Date();
    const { opts } = testOptions();
    const gone = await callWithAgent("CONNECTED", ago(1 * MIN, now));
    const up = await createCall(db);
    const young = await createCall(db);
    await db.call.update({ where: { id: gone.call.id }, data: { startedAt: ago(5 * MIN, now) } });
    await db.call.update({ where: { id: up.id }, data: { startedAt: ago(5 * MIN, now), lastSeenAt: ago(1 * MIN, now) } });
    await db.call.update({ where: { id: young.id }, data: { startedAt: ago(10_000, now), lastSeenAt: ago(10_000, now) } });

    const failing = { ...opts, recovery: bounds, liveCallUuids: () => Promise.reject(new Error("plivo down")) };
    expect(await reconcile(db, now, failing)).toMatchObject({ closed: 0 });

    const live = new Set([up.callUuid]);
    expect(await reconcile(db, now, { ...opts, recovery: bounds, liveCallUuids: async () => live })).toMatchObject({ closed: 1, released: 1 });
    expect((await closedEvents(gone.call.id))[0]?.reason).toBe("not live at Plivo");
    expect((await db.call.findUniqueOrThrow({ where: { id: up.id } })).endedAt).toBeNull();
    expect((await db.call.findUniqueOrThrow({ where: { id: young.id } })).endedAt).toBeNull();
    expect((await db.agent.findUniqueOrThrow({ where: { id: gone.agent.id } })).consecutiveMisses).toBe(0);
  });
});

describe("the queue counts only callers who keep polling", () => {
  it("a caller whose hold loop stopped no longer stands ahead of a newcomer, and reconcile drops them", async () => {
    const now = new Date();
    const { opts } = testOptions();
    const cfg = { maxQueueWaitSeconds: 300, staleQueueGraceSeconds: 120 } as Parameters<typeof callersAhead>[2];
    const silent = await createCall(db);
    const polling = await createCall(db);
    await db.call.update({ where: { id: silent.id }, data: { status: "QUEUED", step: "QUEUE", answeredAt: ago(3 * MIN, now), queuedAt: ago(150_000, now), lastSeenAt: ago(120_000, now) } });
    await db.call.update({ where: { id: polling.id }, data: { status: "QUEUED", step: "QUEUE", answeredAt: ago(3 * MIN, now), queuedAt: ago(140_000, now), lastSeenAt: ago(5_000, now) } });
    const newcomer = await createCall(db);
    // Only the caller still polling is ahead (the silent one was queued earlier but its hangup was lost).
    expect(await callersAhead(db, { callId: newcomer.id, languageCode: "en", at: now }, cfg, now)).toBe(1);

    expect(await reconcile(db, now, { ...opts, recovery: bounds })).toMatchObject({ closed: 1 });
    expect(await db.call.findUniqueOrThrow({ where: { id: silent.id } })).toMatchObject({ status: "ABANDONED" });
    expect((await closedEvents(silent.id))[0]?.reason).toContain("stopped polling the queue");
    expect(await db.call.findUniqueOrThrow({ where: { id: polling.id } })).toMatchObject({ status: "QUEUED", endedAt: null });
  });
});

describe("reconcile under concurrency", () => {
  it("three reconcilers at once close each stale call once, release each agent once; a second pass changes nothing", async () => {
    const now = new Date();
    const { opts } = testOptions();
    // Set up one after another: concurrent setup could route a call before its agent exists (then it queues).
    // What runs concurrently here is reconcile.
    const stuck = [];
    for (let i = 0; i < 3; i++) stuck.push(await callWithAgent("CONNECTED", ago(2 * 60 * MIN, now)));
    const results = await Promise.all([0, 1, 2].map(() => reconcile(db, now, { ...opts, recovery: bounds })));
    expect(results.reduce((n, r) => n + r.closed, 0)).toBe(3);
    expect(results.reduce((n, r) => n + r.released, 0)).toBe(3);
    for (const s of stuck) expect(await closedEvents(s.call.id)).toHaveLength(1);
    expect(await db.agent.count({ where: { status: "AVAILABLE", currentCallId: null } })).toBe(3);
    expect(await reconcile(db, now, { ...opts, recovery: bounds })).toEqual({ closed: 0, released: 0, dequeued: 0 });
  });

  it("closeCall loses cleanly to a real hangup that already ended the call", async () => {
    const { opts } = testOptions();
    const { call } = await callWithAgent("CONNECTED", new Date());
    await db.call.update({ where: { id: call.id }, data: { status: "COMPLETED", endedAt: new Date() } });
    expect(await closeCall(db, { callId: call.id, reason: "test", by: "supervisor@example.com" }, opts)).toMatchObject({ closed: false });
    expect(await closedEvents(call.id)).toHaveLength(0);
  });
});

describe("Dial cancel is the caller leaving", () => {
  it("releases the agent without a miss, closes the assignment as RELEASED and ends the caller's routing", async () => {
    const { opts } = testOptions();
    const { agent, call } = await callWithAgent("CONNECTING", new Date());
    await db.agent.update({ where: { id: agent.id }, data: { consecutiveMisses: 2 } });
    const first = await recordDialResult(db, { callId: call.id, dialStatus: "cancel", talkSeconds: 0 }, opts);
    expect(first).toEqual({ next: "ended" });
    expect(await db.agent.findUniqueOrThrow({ where: { id: agent.id } })).toMatchObject({ status: "AVAILABLE", consecutiveMisses: 2, currentCallId: null });
    expect((await db.agentAssignment.findFirstOrThrow({ where: { callId: call.id } })).outcome).toBe("RELEASED");
    // Redelivered: same answer, still no miss.
    expect(await recordDialResult(db, { callId: call.id, dialStatus: "cancel", talkSeconds: 0 }, opts)).toEqual({ next: "ended" });
    expect((await db.agent.findUniqueOrThrow({ where: { id: agent.id } })).consecutiveMisses).toBe(2);
  });
});
