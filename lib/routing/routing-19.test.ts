// #19 against a real database (SQLite, or PostgreSQL with TEST_DATABASE=postgres): skills by dialled number with
// proficiency, aging priority in the queue order, the preferred agent and its bounded wait, and the decision rows.
import { describe, expect, it } from "vitest";
import { assignAgent, listQueue, recordDialResult, releaseCall } from "./index";
import type { Skill } from "./skills";
import { minutesAgo, routingTestDb } from "../../tests/support/routing-db";
import { createAgent, createCall, testOptions } from "../../tests/support/routing-fixtures";

const { db, assignOrThrow } = routingTestDb();

const BILLING_LINE = "+14155550100";
const skillByNumber = new Map<string, Skill>([[BILLING_LINE, "billing"]]);
const secondsAfter = (t: Date, s: number) => new Date(t.getTime() + s * 1000);

describe("skills", () => {
  it("offers a billing caller only agents with billing, the more proficient first, and records the skill term", async () => {
    const stats = { totalCalls: 10, avgSeconds: 120, ratingSum: 30, ratingCount: 10 };
    // The best plain score has no billing skill; of the two billing agents the less proficient has idled longer.
    await createAgent(db, { ...stats, ratingSum: 40, idleSince: minutesAgo(60) });
    const novice = await createAgent(db, { ...stats, idleSince: minutesAgo(30), skills: [{ skill: "billing", proficiency: 1 }] });
    const expert = await createAgent(db, { ...stats, idleSince: minutesAgo(5), skills: [{ skill: "billing", proficiency: 5 }, { skill: "sales", proficiency: 2 }] });
    const { opts } = testOptions({ skillByNumber, weightSkill: 2 });
    const r = await assignOrThrow((await createCall(db, "en", { to: BILLING_LINE })).id, opts);
    expect(r.agent.id).toBe(expert.id);
    expect(r.terms).toMatchObject({ proficiency: 5, skillPoints: 10 });
    const decision = await db.routingDecision.findUniqueOrThrow({ where: { id: r.decisionId }, include: { candidates: { orderBy: { rank: "asc" } } } });
    expect(decision.requiredSkill).toBe("billing");
    expect(decision.candidates.map((c) => [c.agentId, c.proficiency, c.skillPoints])).toEqual([
      [expert.id, 5, 10],
      [novice.id, 1, 2],
    ]);
  });

  it("with the skill weight at 0 the skilled agents keep today's order (idle longest first)", async () => {
    const novice = await createAgent(db, { idleSince: minutesAgo(30), skills: [{ skill: "billing", proficiency: 1 }] });
    await createAgent(db, { idleSince: minutesAgo(5), skills: [{ skill: "billing", proficiency: 5 }] });
    const { opts } = testOptions({ skillByNumber, weightSkill: 0 });
    const r = await assignOrThrow((await createCall(db, "en", { to: BILLING_LINE })).id, opts);
    expect(r.agent.id).toBe(novice.id);
  });

  it("queues a billing caller when only agents without billing are free, and a plain caller is not held up by them", async () => {
    const plainAgent = await createAgent(db);
    const { opts } = testOptions({ skillByNumber });
    const billing = await createCall(db, "en", { to: BILLING_LINE });
    const waiting = await assignAgent(db, { callId: billing.id, languageCode: "en" }, opts);
    expect(waiting).toMatchObject({ kind: "queued", position: 1 });
    expect((await db.call.findUniqueOrThrow({ where: { id: billing.id } })).requiredSkill).toBe("billing");
    // The waiting billing caller is in another line: the plain caller takes the free agent.
    const plain = await assignOrThrow((await createCall(db)).id, opts);
    expect(plain.agent.id).toBe(plainAgent.id);
    // A billing agent frees up: the billing caller gets them on the next poll.
    const billingAgent = await createAgent(db, { skills: [{ skill: "billing", proficiency: 3 }] });
    const later = await assignAgent(db, { callId: billing.id, languageCode: "en" }, opts);
    expect(later).toMatchObject({ kind: "assigned", agent: { id: billingAgent.id } });
  });
});

describe("aging priority", () => {
  it("a VIP who arrives later is ahead in line, in the hold position and in listQueue, until the boost runs out", async () => {
    const t0 = new Date();
    const { opts } = testOptions({ priorityBoostSeconds: 60 }, t0);
    const vip = await db.customer.create({ data: { phone: "+14155551111", priority: 2 } });
    const early = await createCall(db);
    expect(await assignAgent(db, { callId: early.id, languageCode: "en" }, opts)).toMatchObject({ kind: "queued", position: 1 });
    // 90 s later a priority-2 caller (place in line 120 s before their arrival) goes ahead of the early caller...
    const vipCall = await createCall(db, "en", { customerId: vip.id });
    const at90 = testOptions({ priorityBoostSeconds: 60 }, secondsAfter(t0, 90)).opts;
    expect(await assignAgent(db, { callId: vipCall.id, languageCode: "en" }, at90)).toMatchObject({ kind: "queued", position: 1 });
    expect(await assignAgent(db, { callId: early.id, languageCode: "en" }, at90)).toMatchObject({ kind: "queued", position: 2 });
    expect((await listQueue(db)).map((q) => [q.callId, q.position])).toEqual([
      [vipCall.id, 1],
      [early.id, 2],
    ]);
    // ...and an agent who frees up is held for the VIP: the early caller's poll cannot take them.
    const agent = await createAgent(db);
    expect(await assignAgent(db, { callId: early.id, languageCode: "en" }, at90)).toMatchObject({ kind: "queued", position: 2 });
    expect(await assignAgent(db, { callId: vipCall.id, languageCode: "en" }, at90)).toMatchObject({ kind: "assigned", agent: { id: agent.id } });
    // A second VIP arriving 150 s after the early caller (more than 2 x 60 s later) queues behind them.
    await releaseCall(db, { callId: vipCall.id }, at90);
    const vip2 = await db.customer.create({ data: { phone: "+14155552222", priority: 2 } });
    const late = await createCall(db, "en", { customerId: vip2.id });
    await db.agent.update({ where: { id: agent.id }, data: { status: "NOT_READY" } });
    const at150 = testOptions({ priorityBoostSeconds: 60 }, secondsAfter(t0, 150)).opts;
    await db.call.update({ where: { id: early.id }, data: { lastSeenAt: secondsAfter(t0, 148) } }); // still on hold, polling
    expect(await assignAgent(db, { callId: late.id, languageCode: "en" }, at150)).toMatchObject({ kind: "queued", position: 2 });
    const decision = await db.routingDecision.findFirstOrThrow({ where: { callId: late.id } });
    expect(decision.priority).toBe(2);
  });

  it("with the boost at 0 a VIP waits their turn (first come, first served as before)", async () => {
    const t0 = new Date();
    const vip = await db.customer.create({ data: { phone: "+14155553333", priority: 3 } });
    const early = await createCall(db);
    await assignAgent(db, { callId: early.id, languageCode: "en" }, testOptions({ priorityBoostSeconds: 0 }, t0).opts);
    const vipCall = await createCall(db, "en", { customerId: vip.id });
    const r = await assignAgent(db, { callId: vipCall.id, languageCode: "en" }, testOptions({ priorityBoostSeconds: 0 }, secondsAfter(t0, 1)).opts);
    expect(r).toMatchObject({ kind: "queued", position: 2 });
  });

  it("a caller queued after missed dials keeps their priority in line", async () => {
    const t0 = new Date();
    const vip = await db.customer.create({ data: { phone: "+14155554444", priority: 1 } });
    const agent = await createAgent(db);
    const call = await createCall(db, "en", { customerId: vip.id });
    const { opts } = testOptions({ maxFailovers: 0, priorityBoostSeconds: 60 }, t0);
    await assignOrThrow(call.id, opts);
    expect(await recordDialResult(db, { callId: call.id, dialStatus: "no-answer", talkSeconds: 0 }, opts)).toEqual({ next: "queue" });
    const row = await db.call.findUniqueOrThrow({ where: { id: call.id } });
    expect(row.placeAt?.getTime()).toBe(t0.getTime() - 60_000);
    expect(agent.id).toBeTruthy();
  });
});

describe("preferred agent", () => {
  async function returningCaller(lastAgentId: string, lastRating: number) {
    return db.customer.create({ data: { phone: `+1415555${String(Math.floor(Math.random() * 1e4)).padStart(4, "0")}`, lastAgentId, lastRating } });
  }

  it("takes the agent the caller last rated 4 when free, even though another scores better, and says why", async () => {
    await createAgent(db, { ratingSum: 40, ratingCount: 10, idleSince: minutesAgo(60) });
    const known = await createAgent(db, { ratingSum: 20, ratingCount: 10 });
    const customer = await returningCaller(known.id, 4);
    const r = await assignOrThrow((await createCall(db, "en", { customerId: customer.id })).id, testOptions().opts);
    expect(r.agent.id).toBe(known.id);
    const decision = await db.routingDecision.findUniqueOrThrow({ where: { id: r.decisionId }, include: { candidates: true } });
    expect(decision.reason).toBe("preferred agent");
    expect(decision.candidates.find((c) => c.claimed)?.agentId).toBe(known.id);
  });

  it("ignores an agent the caller rated 2", async () => {
    const best = await createAgent(db, { ratingSum: 40, ratingCount: 10 });
    const known = await createAgent(db, { ratingSum: 20, ratingCount: 10 });
    const customer = await returningCaller(known.id, 2);
    const r = await assignOrThrow((await createCall(db, "en", { customerId: customer.id })).id, testOptions().opts);
    expect(r.agent.id).toBe(best.id);
  });

  it("waits for a busy preferred agent at most the configured wait, then routes normally", async () => {
    const t0 = new Date();
    const other = await createAgent(db);
    const known = await createAgent(db);
    const holder = await createCall(db);
    await db.agent.update({ where: { id: known.id }, data: { status: "BUSY", currentCallId: holder.id } });
    const customer = await returningCaller(known.id, 3);
    const call = await createCall(db, "en", { customerId: customer.id });
    const cfg = { preferredWaitSeconds: 20 };
    const first = await assignAgent(db, { callId: call.id, languageCode: "en" }, testOptions(cfg, t0).opts);
    expect(first).toMatchObject({ kind: "queued" });
    const waitDecision = await db.routingDecision.findFirstOrThrow({ where: { callId: call.id } });
    expect(waitDecision.reason).toBe("waiting for preferred agent");
    // The wait is counted from when the caller joined the queue (the first decision, at t0).
    const routedAt = (await db.call.findUniqueOrThrow({ where: { id: call.id } })).queuedAt!;
    expect(routedAt).toEqual(t0);
    const at19 = await assignAgent(db, { callId: call.id, languageCode: "en" }, testOptions(cfg, secondsAfter(routedAt, 19)).opts);
    expect(at19).toMatchObject({ kind: "queued" });
    const at20 = await assignAgent(db, { callId: call.id, languageCode: "en" }, testOptions(cfg, secondsAfter(routedAt, 20)).opts);
    expect(at20).toMatchObject({ kind: "assigned", agent: { id: other.id } });
  });

  it("a caller waiting for their preferred agent does not hold up the callers behind them, and gets their place back after", async () => {
    const t0 = new Date();
    const known = await createAgent(db);
    const holder = await createCall(db);
    await db.agent.update({ where: { id: known.id }, data: { status: "BUSY", currentCallId: holder.id } });
    const waiting = await createCall(db, "en", { customerId: (await returningCaller(known.id, 4)).id });
    const cfg = { preferredWaitSeconds: 20 };
    expect(await assignAgent(db, { callId: waiting.id, languageCode: "en" }, testOptions(cfg, t0).opts)).toMatchObject({ kind: "queued", waitingForPreferred: true });
    // An agent frees up 5 s later: the next caller takes them instead of idling behind the held caller.
    const other = await createAgent(db);
    const next = await createCall(db);
    const at5 = testOptions(cfg, secondsAfter(t0, 5)).opts;
    expect(await assignAgent(db, { callId: next.id, languageCode: "en" }, at5)).toMatchObject({ kind: "assigned", agent: { id: other.id } });
    // After the wait the held caller is first in line again (their place never moved).
    const routedAt = (await db.call.findUniqueOrThrow({ where: { id: waiting.id } })).queuedAt!;
    const later = await createCall(db);
    const at25 = testOptions(cfg, secondsAfter(routedAt, 25)).opts;
    await db.call.update({ where: { id: waiting.id }, data: { lastSeenAt: secondsAfter(routedAt, 24) } });
    expect(await assignAgent(db, { callId: later.id, languageCode: "en" }, at25)).toMatchObject({ kind: "queued", position: 2 });
  });

  it("does not wait for a preferred agent who is not ready (or lacks the caller's skill)", async () => {
    const other = await createAgent(db, { skills: [{ skill: "billing", proficiency: 2 }] });
    const away = await createAgent(db, { status: "NOT_READY", skills: [{ skill: "billing", proficiency: 5 }] });
    const unskilled = await createAgent(db);
    const r1 = await assignAgent(db, { callId: (await createCall(db, "en", { customerId: (await returningCaller(away.id, 4)).id })).id, languageCode: "en" }, testOptions().opts);
    expect(r1).toMatchObject({ kind: "assigned", agent: { id: other.id } });
    const opts = testOptions({ skillByNumber }).opts;
    await createAgent(db, { skills: [{ skill: "billing", proficiency: 1 }] });
    const call = await createCall(db, "en", { customerId: (await returningCaller(unskilled.id, 4)).id, to: BILLING_LINE });
    const r2 = await assignAgent(db, { callId: call.id, languageCode: "en" }, opts);
    expect(r2.kind).toBe("assigned");
    if (r2.kind === "assigned") expect(r2.agent.id).not.toBe(unskilled.id);
  });

  it("is off with ROUTING_PREFERRED_AGENT=off: the plain score decides", async () => {
    const best = await createAgent(db, { ratingSum: 40, ratingCount: 10 });
    const known = await createAgent(db, { ratingSum: 20, ratingCount: 10 });
    const customer = await returningCaller(known.id, 4);
    const r = await assignOrThrow((await createCall(db, "en", { customerId: customer.id })).id, testOptions({ preferredAgent: false }).opts);
    expect(r.agent.id).toBe(best.id);
  });
});
