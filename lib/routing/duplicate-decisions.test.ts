// Duplicate routing of one call, in parallel (a repeated delivery racing the first, a poll racing a failover): every
// request answers the same agent, one agent is taken, one decision is recorded, and none fails.
// - Across server instances (each its own client and heap cache) the requests race in the database. On PostgreSQL the
//   loser's claim holds its next agent FOR UPDATE while it waits for the call row that the winner's decision record
//   has locked, and that record wants KEY SHARE on the same agent (a candidate): a deadlock PostgreSQL breaks by
//   aborting one side, which is rerun (claim-agent.ts withRetryableConflicts; decision-record.ts).
// - Within one instance the second request waits for the first (assign-agent.ts decisionsInFlight): the first one's
//   popped candidates are missing from the shared heap, so the second could otherwise find no agent and queue the
//   caller while the first puts them through.
// Randomised rounds; counts printed. Runs on SQLite, and on PostgreSQL with TEST_DATABASE=postgres.
import { afterAll, describe, expect, it, vi } from "vitest";
import { createPrismaClient, type Db, isSqlite } from "../db/client";
import { claimAgent } from "./claim-agent";
import { assignAgent } from "./index";
import { clearPools, dropAgent, getPool } from "./agent-pool";
import { resolveConfig } from "./config";
import { routingTestDb } from "../../tests/support/routing-db";
import { createAgent, createCall, testOptions } from "../../tests/support/routing-fixtures";

/** Held claims: while set, the next claim waits this long before it is sent (the request is "in flight"); with a
 * jitter, every claim waits a random 0 to jitterMs first (requests meet in the database at varied moments). */
const hold = vi.hoisted(() => ({ nextClaimMs: 0, jitterMs: 0 }));
vi.mock("./claim-agent", async (importOriginal) => {
  const real = await importOriginal<typeof import("./claim-agent")>();
  const held = async () => {
    const ms = hold.nextClaimMs || Math.random() * hold.jitterMs;
    hold.nextClaimMs = 0;
    if (ms > 0) await new Promise((r) => setTimeout(r, ms));
  };
  return {
    ...real,
    claimAgent: async (...args: Parameters<typeof real.claimAgent>) => (await held(), real.claimAgent(...args)),
    claimIfFirstInLine: async (...args: Parameters<typeof real.claimIfFirstInLine>) => (await held(), real.claimIfFirstInLine(...args)),
  };
});

const { db } = routingTestDb();
/** Two more server instances in this process: their own clients, so their own heap caches. */
const others: Db[] = [createPrismaClient(process.env.DATABASE_URL!), createPrismaClient(process.env.DATABASE_URL!)];
afterAll(() => Promise.all(others.map((c) => c.$disconnect())));

async function expectOneOutcome(callId: string, results: Awaited<ReturnType<typeof assignAgent>>[], label: string) {
  const [first] = results;
  expect(first?.kind, label).toBe("assigned");
  for (const r of results) expect(r, label).toEqual(first);
  const busy = await db.agent.findMany({ where: { currentCallId: callId } });
  expect(busy, label).toHaveLength(1);
  const decisions = await db.routingDecision.findMany({ where: { callId, outcome: "ASSIGNED" } });
  expect(decisions, label).toHaveLength(1);
  const queued = await db.routingDecision.count({ where: { callId, outcome: { not: "ASSIGNED" } } });
  expect(queued, `${label}: decisions that queued the caller`).toBe(0);
  return decisions[0]!;
}

describe("duplicate decisions for one call", () => {
  it("answer one agent, take one, record one decision, and never fail, round after round, from one or several instances", async () => {
    const rounds = 40;
    const instances = [db, ...others];
    let contested = 0;
    let sameInstance = 0;
    const { opts } = testOptions({ cacheTtlMs: 60_000 });
    hold.jitterMs = 3;
    for (let round = 0; round < rounds; round++) {
      const agents = 2 + (round % 3);
      const agentIds: string[] = [];
      for (let i = 0; i < agents; i++) agentIds.push((await createAgent(db)).id);
      const call = await createCall(db);
      // Each instance's heap built fresh; the other instances have lost one agent from theirs (as a cache does after
      // a lost claim), so instances often go for different agents: the loser then holds another agent FOR UPDATE
      // while it waits for the call row, the deadlock's setting.
      for (const [i, client] of instances.entries()) {
        clearPools(client);
        await getPool(client, "en", resolveConfig(opts.config), new Date());
        if (i > 0) dropAgent(client, agentIds[Math.floor(Math.random() * agents)]!);
      }
      const requests = 2 + Math.floor(Math.random() * 2);
      const picked = Array.from({ length: requests }, () => instances[Math.floor(Math.random() * instances.length)]!);
      if (new Set(picked).size < picked.length) sameInstance++;
      const results = await Promise.all(picked.map((client) => assignAgent(client, { callId: call.id, languageCode: "en" }, opts)));
      const decision = await expectOneOutcome(call.id, results, `round ${round}`);
      if (decision.claimAttempts > 1) contested++;
      // Next round on a clean floor: this round's agents leave.
      await db.agent.updateMany({ where: {}, data: { status: "OFFLINE", currentCallId: null } });
    }
    hold.jitterMs = 0;
    process.stdout.write(
      `duplicate decisions: ${rounds} rounds, ${sameInstance} with two requests on one instance, ${contested} where the winner itself lost a claim first\n`,
    );
  }, 120_000);

  it("a second request on the same instance while the first one's claim is in flight answers its agent, not the queue", async () => {
    const agent = await createAgent(db);
    const call = await createCall(db);
    const { opts } = testOptions();
    clearPools(db);
    hold.nextClaimMs = 400; // the first request's claim: its only candidate is out of the heap for 0.4 s
    const results = await Promise.all([0, 1].map(() => assignAgent(db, { callId: call.id, languageCode: "en" }, opts)));
    await expectOneOutcome(call.id, results, "both requests");
    expect(results[1]).toMatchObject({ kind: "assigned", agent: { id: agent.id } });
  });

  it("with no agent free, parallel requests from several instances queue the caller once and all answer that decision", async () => {
    for (let round = 0; round < 10; round++) {
      const call = await createCall(db);
      const { opts } = testOptions();
      const results = await Promise.all([db, ...others].map((client) => assignAgent(client, { callId: call.id, languageCode: "en" }, opts)));
      const decisions = await db.routingDecision.findMany({ where: { callId: call.id } });
      expect(decisions, `round ${round}`).toHaveLength(1);
      for (const r of results) expect(r, `round ${round}`).toMatchObject({ kind: "queued", position: round + 1, decisionId: decisions[0]!.id });
    }
  });

  // The lock cycle itself, made on purpose (PostgreSQL): another instance's decision record has locked the call row
  // and wants KEY SHARE on an agent (a candidate's foreign key) that this claim already holds FOR UPDATE while it
  // waits for that call row. PostgreSQL aborts the claim, which waited first; it is rerun and then goes through.
  it.skipIf(isSqlite(process.env.DATABASE_URL!))("a claim aborted in a deadlock with a decision record is rerun and goes through", async () => {
    const agent = await createAgent(db);
    const call = await createCall(db);
    const [recorder] = others;
    let claim: Promise<boolean> | undefined;
    await recorder!.$transaction(
      async (tx) => {
        await tx.$executeRaw`UPDATE "Call" SET "routedAt" = CURRENT_TIMESTAMP WHERE "id" = ${call.id}`;
        claim = claimAgent(db, { agentId: agent.id, callId: call.id, languageCode: "en" });
        claim.catch(() => undefined); // awaited below
        await new Promise((r) => setTimeout(r, 300)); // the claim now holds the agent and waits for the call row
        await tx.$queryRaw`SELECT 1 FROM "Agent" WHERE "id" = ${agent.id} FOR KEY SHARE`;
      },
      { timeout: 15_000 },
    );
    await expect(claim).resolves.toBe(true);
    const routed = await db.call.findUniqueOrThrow({ where: { id: call.id } });
    expect(routed.agentId).toBe(agent.id);
  }, 30_000);
});
