// Retention on a real database (SQLite, and PostgreSQL with TEST_DATABASE=postgres): a pass deletes exactly the rows
// past each table's retention, in batches of the configured size, keeps open assignments, and leaves every call,
// rating, agent statistic and analytics number as it was; the same pass on a worker thread with its own connection
// (what the self-hosted scheduler runs) deletes the same rows.
import { tmpdir } from "node:os";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createPrismaClient, type Db } from "../db/client";
import { seedDatabase } from "../db/seed";
import { resolvePeriod } from "../dashboard/analytics-period";
import { loadAgentStats } from "../dashboard/load-agent-stats";
import { loadAnalytics } from "../dashboard/load-analytics";
import { maintenanceJobs } from "../maintenance/jobs";
import { backfillRoutedAt, pruneOnce, type PruneOptions, type PruneResult } from "./prune";
import { pruneInWorker } from "./run-in-worker";

let db: Db;
const NOW = new Date("2026-06-30T12:00:00Z");
const daysAgo = (d: number) => new Date(NOW.getTime() - d * 86_400_000);
const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3_600_000);
const OLD = 7; // calls per age
const policy = { receiptsHours: 24, eventsDays: 90, decisionsDays: 90, assignmentsDays: 90, batchSize: 3 };

async function addCall(uuid: string, startedAt: Date, agentId: string, rating: number) {
  const call = await db.call.create({
    data: {
      callUuid: uuid, direction: "INBOUND", from: "+12025550100", to: "+14155550000", languageCode: "en", agentId,
      status: "COMPLETED", step: "DONE", startedAt, agentConnectedAt: new Date(startedAt.getTime() + 25_000), agentTalkSeconds: 100,
    },
  });
  const decision = await db.routingDecision.create({
    data: { callId: call.id, languageCode: "en", outcome: "ASSIGNED", chosenAgentId: agentId, candidateCount: 2, durationMicros: 300, createdAt: new Date(startedAt.getTime() + 5_000) },
  });
  await db.routingCandidate.createMany({
    data: [1, 2].map((rank) => ({ decisionId: decision.id, agentId, rank, score: 1, recentCalls: 0, avgDuration: 0, avgRating: 0, ratingCount: 0 })),
  });
  await db.callEvent.createMany({ data: ["step", "dial", "hangup"].map((type, i) => ({ callId: call.id, type, at: new Date(startedAt.getTime() + i * 1000) })) });
  await db.agentAssignment.create({ data: { agentId, callId: call.id, assignedAt: startedAt, outcome: "ANSWERED", endedAt: startedAt } });
  await db.feedback.create({ data: { callId: call.id, agentId, rating, callDuration: 100, createdAt: new Date(startedAt.getTime() + 200_000) } });
  return call;
}

beforeAll(async () => {
  db = createPrismaClient(process.env.DATABASE_URL!);
  await seedDatabase(db, { email: "s@example.com", password: "password1" });
});

// Each test starts from the same history (they pass in any order: `vitest --sequence.shuffle`).
beforeEach(async () => {
  await db.webhookReceipt.deleteMany();
  await db.agentAssignment.deleteMany();
  await db.call.deleteMany(); // its events, decisions, candidates and feedback go with it
  const agent = await db.agent.findFirstOrThrow({ where: { phone: "+14155550101" } });
  for (let i = 0; i < OLD; i++) await addCall(`old${i}`, daysAgo(100 + i), agent.id, 1 + (i % 4));
  for (let i = 0; i < OLD; i++) await addCall(`new${i}`, daysAgo(10 + i), agent.id, 1 + ((i + 1) % 4));
  // A live call assigned long ago (stuck): its open assignment is not history yet.
  const stuck = await db.call.findFirstOrThrow({ where: { callUuid: "old0" } });
  await db.agentAssignment.create({ data: { agentId: agent.id, callId: stuck.id, assignedAt: daysAgo(120), outcome: "PENDING" } });
  // Rows inserted directly have no routedAt; fill it as the migration does for rows from before the column.
  await backfillRoutedAt(db);
  for (let i = 0; i < 10; i++) {
    await db.webhookReceipt.create({ data: { key: `r${i}`, response: "<Response/>", createdAt: hoursAgo(i < 6 ? 30 + i : 1 + i) } });
  }
});

const snapshot = async () => ({
  calls: await db.call.findMany({ orderBy: { callUuid: "asc" }, omit: { updatedAt: true } }),
  feedback: await db.feedback.findMany({ orderBy: { callId: "asc" } }),
  agents: (await loadAgentStats(db, NOW)).agents,
  analytics: await loadAnalytics(db, resolvePeriod({ from: "2026-01-01", to: "2026-06-30" }, NOW, "UTC"), NOW),
});

/** What a pass over the history above must have done, whichever thread ran it. */
async function expectPrunedExactly(result: PruneResult, before: Awaited<ReturnType<typeof snapshot>>) {
  expect(result).toMatchObject({ receipts: 6, events: 3 * OLD, stateChanges: 0, decisions: OLD, candidates: 2 * OLD, assignments: OLD, more: false });
  expect(await db.webhookReceipt.count()).toBe(4);
  expect(await db.callEvent.count()).toBe(3 * OLD);
  expect(await db.callEvent.count({ where: { at: { lt: daysAgo(90) } } })).toBe(0);
  expect(await db.routingDecision.count()).toBe(OLD);
  expect(await db.routingCandidate.count()).toBe(2 * OLD);
  expect(await db.agentAssignment.count({ where: { outcome: "PENDING" } })).toBe(1);
  expect(await db.agentAssignment.count()).toBe(OLD + 1);

  const after = await snapshot();
  expect(after).toEqual(before);
  // The old calls' waiting time survived their decisions.
  expect(after.analytics.totals.asaSeconds).toBeCloseTo(20);
}

const passes: Record<string, (opts: PruneOptions) => Promise<PruneResult>> = {
  "pruneOnce on this thread (the Vercel cron route)": (opts) => pruneOnce(db, opts),
  "pruneInWorker (a worker thread with its own connection)": async (opts) => {
    const result = await pruneInWorker(db, opts);
    expect(result.ranIn).toBe("worker");
    return result;
  },
};

describe.each(Object.entries(passes))("%s", (_name, pass) => {
  it("deletes only what is past retention, in batches, and changes no call, rating or statistic", async () => {
    const before = await snapshot();
    expect(before.analytics.totals).toMatchObject({ calls: 2 * OLD, agentRequests: 2 * OLD, ratings: 2 * OLD });

    // batchTargetMs Infinity: fixed batches of 3 however slow this machine is (adaptation has its own test).
    const result = await pass({ now: NOW, policy, pauseMs: 0, batchTargetMs: Infinity });
    // Batches of 3: 6 receipts take 2 full batches and an empty one, 21 events 7 + 1, no agent state history 1,
    // 7 decisions 3, 7 assignments 3.
    expect(result.batches).toBe(3 + 8 + 1 + 3 + 3);
    await expectPrunedExactly(result, before);

    const again = await pass({ now: NOW, policy, pauseMs: 0 });
    expect(again).toMatchObject({ receipts: 0, events: 0, decisions: 0, candidates: 0, assignments: 0 });
  });
});

describe("the self-hosted scheduler's prune job (pruneInWorker)", () => {
  it("runs the pass on a worker thread, with the configured retention, and prunes the same rows", async () => {
    const before = await snapshot();
    const job = maintenanceJobs().find((j) => j.name === "prune")!;
    // The round's clock is NOW; retention comes from the environment (24 h receipts, 90 days of detail by default).
    const result = (await job.run(db, NOW)) as PruneResult & { ranIn: string };
    expect(result.ranIn).toBe("worker");
    await expectPrunedExactly(result, before);
  });

  it("where the worker file is not shipped (a serverless bundle), prunes the same rows on this thread", async () => {
    const before = await snapshot();
    const cwd = process.cwd();
    process.chdir(tmpdir()); // the worker file is found from the project root; here there is none
    try {
      const result = await pruneInWorker(db, { now: NOW, policy, pauseMs: 0 });
      expect(result.ranIn).toBe("process");
      await expectPrunedExactly(result, before);
    } finally {
      process.chdir(cwd);
    }
  });
});

describe("pruneOnce", () => {
  it("stops at its time budget and says there is more", async () => {
    for (let i = 0; i < 5; i++) await db.webhookReceipt.create({ data: { key: `late${i}`, response: "x", createdAt: hoursAgo(48) } });
    const receipts = await db.webhookReceipt.count();
    const result = await pruneOnce(db, { now: NOW, policy: { ...policy, batchSize: 1 }, timeBudgetMs: -1 });
    expect(result).toMatchObject({ more: true, receipts: 0, batches: 0 });
    expect(await db.webhookReceipt.count()).toBe(receipts);
  });

  it("shrinks its batches while a batch holds the lock longer than the target, so a writer never waits behind a big one", async () => {
    for (let i = 0; i < 20; i++) await db.webhookReceipt.create({ data: { key: `slow${i}`, response: "x", createdAt: hoursAgo(30) } });
    const old = await db.webhookReceipt.count({ where: { createdAt: { lt: hoursAgo(24) } } });
    const keepDetail = { eventsDays: 100_000, decisionsDays: 100_000, assignmentsDays: 100_000 };
    // Target 0 ms: every batch is more than twice too slow, so sizes go 8, 2 (a quarter), then 1 row at a time.
    const result = await pruneOnce(db, { now: NOW, policy: { ...policy, ...keepDetail, batchSize: 8 }, pauseMs: 0, batchTargetMs: 0 });
    expect(result.receipts).toBe(old);
    // 2 shrinking batches (10 rows), then one per remaining row, one empty batch, one empty batch per other table
    // (events, agent state history, decisions, assignments).
    expect(result.batches).toBe(2 + (old - 10) + 1 + 4);
    expect(await db.webhookReceipt.count({ where: { createdAt: { lt: hoursAgo(24) } } })).toBe(0);
  });
});
