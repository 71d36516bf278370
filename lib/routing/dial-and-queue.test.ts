// Routing against a real (per-file) database after the claim: dial results and failover, the FIFO queue, and
// reconcile freeing what lost callbacks left behind.
import { describe, expect, it } from "vitest";
import { assignAgent, listQueue, reconcile, recordDialResult, recordRating, releaseCall } from "./index";
import { minutesAgo, routingTestDb } from "../../tests/support/routing-db";
import { createAgent, createCall, testOptions } from "../../tests/support/routing-fixtures";

const { db, assignOrThrow } = routingTestDb();

describe("dial results", () => {
  it("no-answer fails over to the next agent, never re-trying one, then queues after 2 more", async () => {
    const agents = [];
    for (let i = 0; i < 4; i++) agents.push(await createAgent(db, { ratingSum: 40 - i * 5, ratingCount: 10 }));
    const call = await createCall(db);
    const { opts } = testOptions();
    const tried: string[] = [];
    for (const expected of ["retry", "retry", "queue"]) {
      const r = await assignOrThrow(call.id, opts);
      tried.push(r.agent.id);
      expect((await recordDialResult(db, { callId: call.id, dialStatus: "no-answer", talkSeconds: 0 }, opts)).next).toBe(expected);
    }
    expect(tried).toEqual(agents.slice(0, 3).map((a) => a.id));
    const after = await db.call.findUniqueOrThrow({ where: { id: call.id } });
    expect(after).toMatchObject({ status: "QUEUED", agentId: null, dialAttempts: 3 });
    expect(await db.agent.count({ where: { status: "AVAILABLE" } })).toBe(4); // all released
    // From the queue it may still reach the one agent it has not tried.
    expect((await assignOrThrow(call.id, opts)).agent.id).toBe(agents[3]!.id);
  });

  it("3 misses in a row put an agent NOT_READY (missed calls); a completed dial resets the count", async () => {
    const agent = await createAgent(db);
    const { opts } = testOptions();
    const miss = async (dialStatus: "busy" | "no-answer" | "failed" | "timeout") => {
      const call = await createCall(db);
      await assignOrThrow(call.id, opts);
      await recordDialResult(db, { callId: call.id, dialStatus, talkSeconds: 0 }, opts);
    };
    await miss("busy");
    await miss("timeout");
    const call = await createCall(db);
    await assignOrThrow(call.id, opts);
    await recordDialResult(db, { callId: call.id, dialStatus: "completed", talkSeconds: 90 }, opts);
    expect((await db.agent.findUniqueOrThrow({ where: { id: agent.id } })).consecutiveMisses).toBe(0);
    await miss("no-answer");
    await miss("failed");
    expect((await db.agent.findUniqueOrThrow({ where: { id: agent.id } })).status).toBe("AVAILABLE");
    await miss("busy");
    const away = await db.agent.findUniqueOrThrow({ where: { id: agent.id } });
    expect(away).toMatchObject({ status: "NOT_READY", notReadyReason: "MISSED_CALLS", consecutiveMisses: 3, currentCallId: null });
    expect(await db.agentAssignment.count({ where: { agentId: agent.id, outcome: { in: ["NO_ANSWER", "BUSY", "FAILED"] } } })).toBe(5);
  });

  it("a completed call updates agent and customer stats and releases the agent once, even when retried", async () => {
    const agent = await createAgent(db, { totalCalls: 1, avgSeconds: 100 });
    const customer = await db.customer.create({ data: { phone: "+14155559999" } });
    const call = await createCall(db, "en", { customerId: customer.id });
    const { opts } = testOptions();
    await assignOrThrow(call.id, opts);
    const input = { callId: call.id, dialStatus: "completed" as const, talkSeconds: 300 };
    const results = await Promise.all([recordDialResult(db, input, opts), recordDialResult(db, input, opts)]);
    expect(results).toEqual([
      { next: "feedback", agentId: agent.id, talkSeconds: 300 },
      { next: "feedback", agentId: agent.id, talkSeconds: 300 },
    ]);
    await releaseCall(db, { callId: call.id }, opts);
    await releaseCall(db, { callId: call.id }, opts);
    const a = await db.agent.findUniqueOrThrow({ where: { id: agent.id } });
    expect(a).toMatchObject({ status: "AVAILABLE", currentCallId: null, totalCalls: 2, totalTalkSeconds: 400, avgCallDuration: 200 });
    expect(await db.customer.findUniqueOrThrow({ where: { id: customer.id } })).toMatchObject({
      totalCalls: 1,
      totalTalkSeconds: 300,
      avgCallDuration: 300,
      lastAgentId: agent.id,
    });
    await recordRating(db, { callId: call.id, rating: 2 }, opts);
    expect((await db.customer.findUniqueOrThrow({ where: { id: customer.id } })).lastRating).toBe(2);
  });

  it("a retried miss counts once", async () => {
    const agent = await createAgent(db);
    await createAgent(db);
    const call = await createCall(db);
    const { opts } = testOptions();
    await assignOrThrow(call.id, opts);
    const input = { callId: call.id, dialStatus: "busy" as const, talkSeconds: 0 };
    expect((await recordDialResult(db, input, opts)).next).toBe("retry");
    expect((await recordDialResult(db, input, opts)).next).toBe("retry");
    expect((await db.agent.findUniqueOrThrow({ where: { id: agent.id } })).consecutiveMisses).toBe(1);
  });

  it("counts the talk time when the hangup arrives before the dial result", async () => {
    const agent = await createAgent(db);
    const call = await createCall(db);
    const { opts } = testOptions();
    await assignOrThrow(call.id, opts);
    await releaseCall(db, { callId: call.id }, opts);
    expect((await db.agent.findUniqueOrThrow({ where: { id: agent.id } })).status).toBe("AVAILABLE");
    await recordDialResult(db, { callId: call.id, dialStatus: "completed", talkSeconds: 42 }, opts);
    expect((await db.agent.findUniqueOrThrow({ where: { id: agent.id } })).totalTalkSeconds).toBe(42);
  });

  it("a late dial result keeps the hangup as the end of the agent's assignment (no apparent overlap)", async () => {
    const agent = await createAgent(db);
    const first = await createCall(db);
    const second = await createCall(db);
    const t0 = Date.now();
    const at = (s: number) => testOptions({}, new Date(t0 + s * 1000)).opts;
    await assignOrThrow(first.id, at(0));
    await releaseCall(db, { callId: first.id }, at(10)); // the caller hung up: agent free at t+10
    await assignOrThrow(second.id, at(11)); // and takes the next call
    await recordDialResult(db, { callId: first.id, dialStatus: "completed", talkSeconds: 9 }, at(15)); // late
    const rows = await db.agentAssignment.findMany({ where: { agentId: agent.id }, orderBy: { assignedAt: "asc" } });
    expect(rows.map((r) => r.outcome)).toEqual(["ANSWERED", "PENDING"]);
    expect(rows[0]!.endedAt!.getTime()).toBe(t0 + 10_000);
    expect(rows[0]!.endedAt!.getTime()).toBeLessThanOrEqual(rows[1]!.assignedAt.getTime());
  });
});

describe("queue", () => {
  it("is first come, first served per language, and a newcomer waits behind", async () => {
    const agent = await createAgent(db);
    const t0 = new Date();
    const at = (s: number) => testOptions({}, new Date(t0.getTime() + s * 1000)).opts;
    const first = await createCall(db);
    const [b, c, d] = [await createCall(db), await createCall(db), await createCall(db)];
    await assignOrThrow(first.id, at(0));
    expect(await assignAgent(db, { callId: b.id, languageCode: "en" }, at(1))).toMatchObject({ kind: "queued", position: 1 });
    expect(await assignAgent(db, { callId: c.id, languageCode: "en" }, at(2))).toMatchObject({ kind: "queued", position: 2 });

    await recordDialResult(db, { callId: first.id, dialStatus: "completed", talkSeconds: 30 }, at(3));
    // The agent is free, but c polls first: b has waited longer, so c keeps waiting, and so does newcomer d.
    expect(await assignAgent(db, { callId: c.id, languageCode: "en" }, at(4))).toMatchObject({ kind: "queued", position: 2 });
    expect(await assignAgent(db, { callId: d.id, languageCode: "en" }, at(4))).toMatchObject({ kind: "queued", position: 3 });
    const got = await assignAgent(db, { callId: b.id, languageCode: "en" }, at(5));
    expect(got).toMatchObject({ kind: "assigned", agent: { id: agent.id } });
    expect((await listQueue(db)).map((q) => [q.callId, q.position])).toEqual([
      [c.id, 1],
      [d.id, 2],
    ]);
  });

  it("a queue in one language does not hold up another", async () => {
    await createAgent(db, { languages: ["es"] });
    await createAgent(db, { languages: ["en"] });
    const enFirst = await createCall(db, "en");
    const enWaiting = await createCall(db, "en");
    await assignOrThrow(enFirst.id);
    expect((await assignAgent(db, { callId: enWaiting.id, languageCode: "en" }, testOptions().opts)).kind).toBe("queued");
    const es = await createCall(db, "es");
    expect((await assignAgent(db, { callId: es.id, languageCode: "es" }, testOptions().opts)).kind).toBe("assigned");
  });

  it("gives up after the maximum wait and leaves the queue", async () => {
    const call = await createCall(db);
    const t0 = new Date();
    const q = await assignAgent(db, { callId: call.id, languageCode: "en" }, testOptions({ maxQueueWaitSeconds: 60 }, t0).opts);
    expect(q).toMatchObject({ kind: "queued", position: 1 });
    const later = testOptions({ maxQueueWaitSeconds: 60 }, new Date(t0.getTime() + 61_000)).opts;
    expect(await assignAgent(db, { callId: call.id, languageCode: "en" }, later)).toEqual({ kind: "gave-up", waitedSeconds: 61 });
    expect(await listQueue(db)).toEqual([]);
  });

  it("a hangup while queued leaves the queue", async () => {
    const call = await createCall(db);
    await assignAgent(db, { callId: call.id, languageCode: "en" }, testOptions().opts);
    await releaseCall(db, { callId: call.id });
    expect(await listQueue(db)).toEqual([]);
    expect((await db.call.findUniqueOrThrow({ where: { id: call.id } })).status).toBe("ABANDONED");
  });
});

describe("reconcile", () => {
  it("frees agents whose call ended or vanished, and drops stale queue entries", async () => {
    const stuck = await createAgent(db);
    const ghost = await createAgent(db);
    const healthy = await createAgent(db);
    const ended = await createCall(db);
    const live = await createCall(db);
    const { opts } = testOptions();
    await db.agent.update({ where: { id: stuck.id }, data: { status: "BUSY", currentCallId: ended.id } });
    await db.call.update({ where: { id: ended.id }, data: { status: "COMPLETED", endedAt: new Date() } });
    await db.agent.update({ where: { id: ghost.id }, data: { status: "BUSY", currentCallId: "no-such-call" } });
    await db.agent.update({ where: { id: healthy.id }, data: { status: "BUSY", currentCallId: live.id } });
    const waiting = await createCall(db);
    await db.call.update({ where: { id: waiting.id }, data: { status: "QUEUED", queuedAt: minutesAgo(60) } });

    // The queued caller stopped polling an hour ago: its call is closed (#14: closed, not just dequeued).
    expect(await reconcile(db, new Date(), opts)).toEqual({ closed: 1, released: 2, dequeued: 0 });
    const byId = new Map((await db.agent.findMany()).map((a) => [a.id, a]));
    expect(byId.get(stuck.id)).toMatchObject({ status: "AVAILABLE", currentCallId: null });
    expect(byId.get(ghost.id)).toMatchObject({ status: "AVAILABLE", currentCallId: null });
    expect(byId.get(healthy.id)).toMatchObject({ status: "BUSY", currentCallId: live.id });
    expect(await reconcile(db, new Date(), opts)).toEqual({ closed: 0, released: 0, dequeued: 0 });
    // The freed agent is routable again.
    const next = await assignOrThrow((await createCall(db)).id, opts);
    expect([stuck.id, ghost.id]).toContain(next.agent.id);
  });
});
