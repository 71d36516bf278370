// Routing against a real (per-file) SQLite database: claims, queue, failover, stats, coaching, reconcile.
import { execFile } from "node:child_process";
import { resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { ROOT } from "../../tests/setup/paths";
import { createPrismaClient, tuneSqlite } from "../db/client";
import { ROUTING_DEFAULTS } from "../env";
import { clearPools } from "./agent-pool";
import {
  assignAgent,
  listQueue,
  rankAgents,
  reconcile,
  recordDialResult,
  recordRating,
  releaseCall,
} from "./index";
const execFileAsync = promisify(execFile);
import { createAgent, createCall, ensureLanguages, testOptions } from "./test-helpers";

const db = createPrismaClient(process.env.DATABASE_URL!);
afterAll(() => db.$disconnect());

beforeEach(async () => {
  await tuneSqlite(db, process.env.DATABASE_URL!);
  await db.routingCandidate.deleteMany();
  await db.routingDecision.deleteMany();
  await db.feedback.deleteMany();
  await db.agentAssignment.deleteMany();
  await db.call.deleteMany();
  await db.customer.deleteMany();
  await db.agent.deleteMany();
  await ensureLanguages(db);
  clearPools(db);
});

const minutesAgo = (m: number, from = new Date()) => new Date(from.getTime() - m * 60_000);

/** Another server instance: a separate Node process with its own Prisma client and heap cache. */
async function runWorker(callIds: string[]) {
  const { stdout } = await execFileAsync(
    resolve(ROOT, "node_modules/.bin/tsx"),
    [resolve(ROOT, "lib/routing/fixtures/assign-worker.mts"), JSON.stringify({ callIds, languageCode: "en" })],
    { cwd: ROOT, env: { ...process.env }, timeout: 60_000 },
  );
  return JSON.parse(stdout) as { results: Array<{ kind: string; agentId?: string }> };
}

async function expectNoDoubleAssignment(agentIds: string[], assigned: number, queued: number) {
  const busy = await db.agent.findMany({ where: { status: "BUSY" } });
  expect(busy).toHaveLength(assigned);
  expect(new Set(busy.map((a) => a.currentCallId)).size).toBe(assigned);
  const connecting = await db.call.findMany({ where: { status: "CONNECTING" } });
  expect(connecting).toHaveLength(assigned);
  expect(new Set(connecting.map((c) => c.agentId))).toEqual(new Set(agentIds.slice(0, assigned)));
  for (const c of connecting) expect(busy.find((a) => a.id === c.agentId)?.currentCallId).toBe(c.id);
  expect(await db.call.count({ where: { status: "QUEUED", queuedAt: { not: null } } })).toBe(queued);
  const perAgent = await db.agentAssignment.groupBy({ by: ["agentId"], _count: { _all: true } });
  expect(perAgent).toHaveLength(assigned);
  expect(perAgent.every((g) => g._count._all === 1)).toBe(true);
}

async function assignOrThrow(callId: string, opts = testOptions().opts) {
  const result = await assignAgent(db, { callId, languageCode: "en" }, opts);
  if (result.kind !== "assigned") throw new Error(`expected an agent, got ${JSON.stringify(result)}`);
  return result;
}

describe("concurrent routing", () => {
  it("50 simultaneous requests for 10 agents: 10 distinct agents, 40 queued, checked in the database", async () => {
    const agents = await Promise.all(Array.from({ length: 10 }, () => createAgent(db)));
    const calls = await Promise.all(Array.from({ length: 50 }, () => createCall(db)));
    const { opts } = testOptions({ cacheTtlMs: 60_000 });
    const results = await Promise.all(calls.map((c) => assignAgent(db, { callId: c.id, languageCode: "en" }, opts)));

    const assigned = results.filter((r) => r.kind === "assigned");
    expect(assigned).toHaveLength(10);
    expect(new Set(assigned.map((r) => r.agent.id)).size).toBe(10);
    expect(results.filter((r) => r.kind === "queued")).toHaveLength(40);
    await expectNoDoubleAssignment(agents.map((a) => a.id), 10, 40);
    expect((await listQueue(db)).map((q) => q.position)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  });

  it("two server processes with their own caches routing 50 calls at once never share an agent", async () => {
    const agents = await Promise.all(Array.from({ length: 10 }, () => createAgent(db)));
    const calls = await Promise.all(Array.from({ length: 50 }, () => createCall(db)));
    const halves = [calls.slice(0, 25), calls.slice(25)].map((part) => part.map((c) => c.id));
    const outputs = await Promise.all(halves.map((callIds) => runWorker(callIds)));
    const assigned = outputs.flatMap((o) => o.results.filter((r) => r.kind === "assigned"));
    expect(assigned).toHaveLength(10);
    expect(new Set(assigned.map((r) => r.agentId)).size).toBe(10);
    await expectNoDoubleAssignment(agents.map((a) => a.id), 10, 40);
  });

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
    expect(r.terms.avgRating).toBe(2.5); // the prior, not 0 and not 4
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

  it("never offers busy, away or offline agents", async () => {
    await createAgent(db, { status: "AWAY", ratingSum: 40, ratingCount: 10 });
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

  it("3 misses in a row put an agent AWAY; a completed dial resets the count", async () => {
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
    expect(away).toMatchObject({ status: "AWAY", consecutiveMisses: 3, currentCallId: null });
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
    const w = ROUTING_DEFAULTS;
    const exploration = w.weightExploration / Math.sqrt(top.ratingCount + 1);
    expect(top.score).toBeCloseTo(top.recentCalls * w.weightRecentCalls + (top.avgDuration / 60) * w.weightDurationMinutes - top.avgRating * w.weightRating - exploration, 9);
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

    expect(await reconcile(db, new Date(), opts)).toEqual({ released: 2, dequeued: 1 });
    const byId = new Map((await db.agent.findMany()).map((a) => [a.id, a]));
    expect(byId.get(stuck.id)).toMatchObject({ status: "AVAILABLE", currentCallId: null });
    expect(byId.get(ghost.id)).toMatchObject({ status: "AVAILABLE", currentCallId: null });
    expect(byId.get(healthy.id)).toMatchObject({ status: "BUSY", currentCallId: live.id });
    expect(await reconcile(db, new Date(), opts)).toEqual({ released: 0, dequeued: 0 });
    // The freed agent is routable again.
    const next = await assignOrThrow((await createCall(db)).id, opts);
    expect([stuck.id, ghost.id]).toContain(next.agent.id);
  });
});
