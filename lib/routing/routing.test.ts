// Routing against a real (per-file) database: claims, score order, ratings and coaching, decision records.
// Dial results, the queue and reconcile are in dial-and-queue.test.ts.
import { describe, expect, it } from "vitest";
import { resolveConfig } from "./config";
import { assignAgent, rankAgents, recordDialResult, recordRating } from "./index";
import { minutesAgo, routingTestDb } from "../../tests/support/routing-db";
import { createAgent, createCall, testOptions } from "../../tests/support/routing-fixtures";

const { db, assignOrThrow } = routingTestDb();

describe("claims", () => {
  it("a stale cache loses its claims and takes the next agent from the heap", async () => {
    const agents = [];
    for (let i = 0; i < 4; i++) agents.push(await createAgent(db, { ratingSum: 40 - i * 5, ratingCount: 10 }));
    const { opts } = testOptions({ cacheTtlMs: 60_000 });
    await rankAgents(db, "en", opts);
    await assignOrThrow((await createCall(db)).id, opts); // builds and caches the heap; takes agents[0]
    // Another instance takes the next two best behind this cache's back.
    for (const a of agents.slice(1, 3)) {
      const other = await createCall(db);
      await db.agent.update({ where: { id: a.id }, data: { status: "BUSY", currentCallId: other.id } });
    }
    const r = await assignOrThrow((await createCall(db)).id, opts);
    expect(r.agent.id).toBe(agents[3]!.id);
    const decision = await db.routingDecision.findUniqueOrThrow({ where: { id: r.decisionId } });
    expect(decision.claimAttempts).toBe(3);
  });

  it("answers a repeated request for an already-routed call with the same agent, without a second claim", async () => {
    await createAgent(db);
    await createAgent(db);
    const call = await createCall(db);
    const { opts } = testOptions();
    const [a, b] = await Promise.all([
      assignAgent(db, { callId: call.id, languageCode: "en" }, opts),
      assignAgent(db, { callId: call.id, languageCode: "en" }, opts),
    ]);
    expect(a.kind).toBe("assigned");
    expect(b).toEqual(a);
    expect(await db.agent.count({ where: { status: "BUSY" } })).toBe(1);
  });
});

describe("score order", () => {
  it("a 4-star rating moves an agent ahead of a peer with otherwise equal stats", async () => {
    const stats = { totalCalls: 10, avgSeconds: 180, ratingSum: 30, ratingCount: 10 };
    const peer = await createAgent(db, { ...stats, idleSince: minutesAgo(30) }); // idle longer: wins the tie
    const rated = await createAgent(db, { ...stats, idleSince: minutesAgo(5) });
    const { opts } = testOptions();
    expect((await rankAgents(db, "en", opts))[0]?.agentId).toBe(peer.id);

    const call = await createCall(db);
    await db.call.update({ where: { id: call.id }, data: { agentId: rated.id, agentTalkSeconds: 180 } });
    expect(await recordRating(db, { callId: call.id, rating: 4 }, opts)).toEqual({ stored: true });

    const ranked = await rankAgents(db, "en", opts);
    expect(ranked.map((r) => r.agentId)).toEqual([rated.id, peer.id]);
    expect(ranked[0]!.terms.avgRating).toBeGreaterThan(ranked[1]!.terms.avgRating);
    // And routing follows the ranking.
    const next = await assignOrThrow((await createCall(db)).id, opts);
    expect(next.agent.id).toBe(rated.id);
  });

  it("a new agent with no ratings still gets calls next to a well-rated veteran", async () => {
    const veteran = await createAgent(db, { totalCalls: 100, avgSeconds: 240, ratingSum: 380, ratingCount: 100 });
    const rookie = await createAgent(db);
    const { opts } = testOptions();
    const served: string[] = [];
    for (let i = 0; i < 6; i++) {
      const call = await createCall(db);
      const r = await assignOrThrow(call.id, opts);
      served.push(r.agent.id);
      await recordDialResult(db, { callId: call.id, dialStatus: "completed", talkSeconds: 200 }, opts);
    }
    expect(served[0]).toBe(veteran.id); // the better record goes first...
    expect(served.filter((id) => id === rookie.id).length).toBeGreaterThanOrEqual(2); // ...but the rookie is not starved
    const r = (await rankAgents(db, "en", opts)).find((x) => x.agentId === rookie.id)!;
    expect(r.terms.ratingCount).toBe(0);
    expect(r.terms.avgRating).toBe(resolveConfig().ratingPriorMean); // the prior, not 0 and not 4
  });

  it("recent calls count only inside the sliding window", async () => {
    const agent = await createAgent(db);
    const now = new Date();
    const call = await createCall(db);
    await db.agentAssignment.create({ data: { agentId: agent.id, callId: call.id, assignedAt: minutesAgo(30, now), outcome: "ANSWERED" } });
    await db.agentAssignment.create({ data: { agentId: agent.id, callId: call.id, assignedAt: minutesAgo(90, now), outcome: "ANSWERED" } });
    await db.agentAssignment.create({ data: { agentId: agent.id, callId: call.id, assignedAt: minutesAgo(10, now), outcome: "NO_ANSWER" } });
    const [hour] = await rankAgents(db, "en", testOptions({}, now).opts);
    expect(hour!.terms.recentCalls).toBe(1);
    const [twoHours] = await rankAgents(db, "en", testOptions({ recentWindowMinutes: 120 }, now).opts);
    expect(twoHours!.terms.recentCalls).toBe(2);
  });

  it("never offers busy, not-ready or offline agents", async () => {
    await createAgent(db, { status: "NOT_READY", ratingSum: 40, ratingCount: 10 });
    await createAgent(db, { status: "OFFLINE", ratingSum: 40, ratingCount: 10 });
    const available = await createAgent(db);
    const ranked = await rankAgents(db, "en", testOptions().opts);
    expect(ranked.filter((r) => r.available).map((r) => r.agentId)).toEqual([available.id]);
    expect(ranked.filter((r) => !r.available).every((r) => r.rank === null)).toBe(true);
    expect((await assignOrThrow((await createCall(db)).id)).agent.id).toBe(available.id);
    expect((await assignAgent(db, { callId: (await createCall(db)).id, languageCode: "en" }, testOptions().opts)).kind).toBe("queued");
  });
});

describe("ratings and coaching", () => {
  async function ratedCall(agentId: string, rating: number, at: Date) {
    const call = await createCall(db);
    await db.call.update({ where: { id: call.id }, data: { agentId, agentTalkSeconds: 60 } });
    return recordRating(db, { callId: call.id, rating }, testOptions({}, at).opts);
  }

  it("a 1-star streak sets the coaching flag and a recovery clears it", async () => {
    const agent = await createAgent(db, { totalCalls: 20, avgSeconds: 100, ratingSum: 60, ratingCount: 20 });
    const t0 = Date.now();
    for (let i = 0; i < 3; i++) await ratedCall(agent.id, 1, new Date(t0 + i * 1000));
    expect((await db.agent.findUniqueOrThrow({ where: { id: agent.id } })).coachingFlag).toBe(true);
    for (let i = 3; i < 9; i++) await ratedCall(agent.id, 4, new Date(t0 + i * 1000));
    const after = await db.agent.findUniqueOrThrow({ where: { id: agent.id } });
    expect(after.coachingFlag).toBe(false);
    expect(after.ratingCount).toBe(29);
    expect(after.ratingSum).toBe(60 + 3 + 24);
  });

  it("a retried rating (sequential or concurrent) is stored and counted once", async () => {
    const agent = await createAgent(db);
    const call = await createCall(db);
    await db.call.update({ where: { id: call.id }, data: { agentId: agent.id, agentTalkSeconds: 60 } });
    const { opts, published } = testOptions();
    const results = await Promise.all([1, 2, 3].map(() => recordRating(db, { callId: call.id, rating: 3 }, opts)));
    expect(results.filter((r) => r.stored)).toHaveLength(1);
    expect(await recordRating(db, { callId: call.id, rating: 1 }, opts)).toEqual({ stored: false });
    const a = await db.agent.findUniqueOrThrow({ where: { id: agent.id } });
    expect([a.ratingSum, a.ratingCount]).toEqual([3, 1]);
    expect(await db.feedback.count()).toBe(1);
    expect(published.length).toBe(1); // signals for the stored rating only
  });

  it("rejects a rating outside 1-4", async () => {
    const call = await createCall(db);
    await expect(recordRating(db, { callId: call.id, rating: 5 })).rejects.toThrow();
  });
});

describe("decisions", () => {
  it("records the top candidates with score terms and which one was claimed", async () => {
    for (let i = 0; i < 7; i++) await createAgent(db, { ratingSum: 10 + i * 4, ratingCount: 10, totalCalls: 5, avgSeconds: 120 });
    const r = await assignOrThrow((await createCall(db)).id, testOptions({ decisionCandidates: 5 }).opts);
    const decision = await db.routingDecision.findUniqueOrThrow({
      where: { id: r.decisionId },
      include: { candidates: { orderBy: { rank: "asc" } } },
    });
    expect(decision).toMatchObject({ outcome: "ASSIGNED", chosenAgentId: r.agent.id, candidateCount: 7, claimAttempts: 1 });
    expect(decision.durationMicros).toBeGreaterThan(0);
    expect(decision.candidates).toHaveLength(5);
    expect(decision.candidates[0]).toMatchObject({ agentId: r.agent.id, claimed: true, rank: 1 });
    const scores = decision.candidates.map((c) => c.score);
    expect(scores).toEqual([...scores].sort((a, b) => a - b));
    const top = decision.candidates[0]!;
    const w = resolveConfig();
    expect(top.score).toBeCloseTo(top.recentCalls * w.weightRecentCalls + (top.avgDuration / 60) * w.weightDurationMinutes - top.avgRating * w.weightRating, 9);
  });
});
