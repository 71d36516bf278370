// Routing under real contention, checked in the database. Requests come from several clients (or processes), each
// with its own heap cache: they all see the same best agent and race to claim it, as separate server instances
// would. Each scenario also runs against a deliberately non-atomic claim (tests/support/broken-claim.ts) and must
// then report double assignments: that is what shows these tests can fail for the reason their names give.
import { spawn } from "node:child_process";
import { resolve } from "node:path";
import { createInterface } from "node:readline";
import { describe, expect, it } from "vitest";
import { createPrismaClient, type Db } from "@/lib/db/client";
import { assignAgent, listQueue } from "@/lib/routing";
import type { AssignResult } from "@/lib/routing";
import type { RoutingConfig } from "@/lib/routing/config";
import type { Skill } from "@/lib/routing/skills";
import { withBrokenClaim } from "../support/broken-claim";
import { routingTestDb } from "../support/routing-db";
import { createAgent, createCall, testOptions } from "../support/routing-fixtures";
import { ROOT } from "../setup/paths";

const url = process.env.DATABASE_URL!;
const { db } = routingTestDb();

const AGENTS = 10;
/** Two tsx processes start per cross-process test: on a loaded 2-core machine that alone can take tens of seconds. */
const PROCESS_TEST_TIMEOUT_MS = 180_000;
const CALLS = 50;

async function floor(agentCount = AGENTS) {
  const agents = await Promise.all(Array.from({ length: agentCount }, () => createAgent(db)));
  const calls = await Promise.all(Array.from({ length: CALLS }, () => createCall(db)));
  return { agentIds: agents.map((a) => a.id), callIds: calls.map((c) => c.id) };
}

/** Every way the database can show an agent on two calls at once; empty when routing was safe. */
async function doubleAssignments(): Promise<string[]> {
  const problems: string[] = [];
  const perAgent = await db.agentAssignment.groupBy({ by: ["agentId"], _count: { _all: true } });
  for (const g of perAgent) if (g._count._all > 1) problems.push(`agent ${g.agentId} holds ${g._count._all} assignments`);
  const connecting = await db.call.findMany({ where: { status: "CONNECTING" }, select: { id: true, agentId: true } });
  const byAgent = new Map<string, number>();
  for (const c of connecting) byAgent.set(c.agentId!, (byAgent.get(c.agentId!) ?? 0) + 1);
  for (const [agentId, n] of byAgent) if (n > 1) problems.push(`agent ${agentId} is on ${n} connecting calls`);
  const busy = await db.agent.findMany({ where: { status: "BUSY" }, select: { id: true, currentCallId: true } });
  for (const c of connecting) {
    if (busy.find((a) => a.id === c.agentId)?.currentCallId !== c.id) problems.push(`call ${c.id}'s agent is not on it`);
  }
  return problems;
}

/** Contention happened: some request lost a claim to another and had to try again. */
async function contestedDecisions() {
  return db.routingDecision.count({ where: { claimAttempts: { gt: 1 } } });
}

/** Server instances in this process: each its own client and so its own heap cache. Ten, not one per request, so
 * that PostgreSQL's connection limit holds (each client has a pool); requests are dealt out round robin. */
const INSTANCES = 10;

async function routeWithSeparateCaches(callIds: string[], config: Partial<RoutingConfig> = {}): Promise<AssignResult[]> {
  const clients: Db[] = Array.from({ length: INSTANCES }, () => createPrismaClient(url));
  try {
    const { opts } = testOptions({ cacheTtlMs: 60_000, ...config });
    return await Promise.all(callIds.map((callId, i) => assignAgent(clients[i % INSTANCES]!, { callId, languageCode: "en" }, opts)));
  } finally {
    await Promise.all(clients.map((c) => c.$disconnect()));
  }
}

type WorkerOutput = { results: Array<{ kind: string; agentId?: string }> };

/** Another server instance: a separate Node process with its own client and cache, started on a shared signal. */
function startWorker(callIds: string[], brokenClaim: boolean) {
  const child = spawn(
    resolve(ROOT, "node_modules/.bin/tsx"),
    [resolve(ROOT, "tests/support/assign-worker.mts"), JSON.stringify({ callIds, languageCode: "en", barrier: true, brokenClaim })],
    { cwd: ROOT, env: { ...process.env }, stdio: ["pipe", "pipe", "inherit"] },
  );
  const lines = createInterface({ input: child.stdout });
  const output: string[] = [];
  const ready = new Promise<void>((ok) => lines.once("line", () => ok()));
  lines.on("line", (l) => output.push(l));
  const done = new Promise<WorkerOutput>((ok, fail) =>
    child.on("exit", (code) => (code === 0 ? ok(JSON.parse(output.at(-1)!) as WorkerOutput) : fail(new Error(`worker exited ${code}`)))),
  );
  return { ready, go: () => child.stdin.end("go\n"), done };
}

async function routeInTwoProcesses(callIds: string[], brokenClaim = false) {
  const workers = [callIds.slice(0, CALLS / 2), callIds.slice(CALLS / 2)].map((ids) => startWorker(ids, brokenClaim));
  await Promise.all(workers.map((w) => w.ready)); // both warm, clients connected and heaps built
  for (const w of workers) w.go();
  return Promise.all(workers.map((w) => w.done));
}

describe("concurrent routing", () => {
  it("50 simultaneous requests from 10 instances with their own caches for 10 agents: 10 distinct agents, 40 queued, checked in the database", async () => {
    const { callIds } = await floor();
    const results = await routeWithSeparateCaches(callIds);

    expect(await contestedDecisions(), "requests raced for the same agent").toBeGreaterThan(0);
    const assigned = results.filter((r) => r.kind === "assigned");
    expect(assigned).toHaveLength(AGENTS);
    expect(new Set(assigned.map((r) => r.agent.id)).size).toBe(AGENTS);
    expect(results.filter((r) => r.kind === "queued")).toHaveLength(CALLS - AGENTS);
    expect(await doubleAssignments()).toEqual([]);
    expect(await db.agent.count({ where: { status: "BUSY" } })).toBe(AGENTS);
    expect((await listQueue(db)).map((q) => q.position)).toEqual(Array.from({ length: CALLS - AGENTS }, (_, i) => i + 1));
  });

  it("the same 50 requests against a non-atomic claim double-assign, and the check above sees it", async () => {
    const { callIds } = await floor();
    const results = await withBrokenClaim(() => routeWithSeparateCaches(callIds));
    expect(results.filter((r) => r.kind === "assigned").length).toBeGreaterThan(AGENTS);
    expect((await doubleAssignments()).length).toBeGreaterThan(0);
  });

  // 30 agents for 2 x 25 callers: neither process can take every agent, so both must assign even if SQLite's write
  // lock lets one run ahead, and the second's heap still offers the agents the first took (lost claims).
  it("two server processes with their own caches routing 50 calls at once never share an agent", async () => {
    const agentCount = 30;
    const { callIds } = await floor(agentCount);
    const outputs = await routeInTwoProcesses(callIds);

    const perProcess = outputs.map((o) => o.results.filter((r) => r.kind === "assigned").length);
    expect(perProcess.every((n) => n > 0), `both processes assigned (${perProcess.join(" + ")})`).toBe(true);
    expect(await contestedDecisions(), "the processes raced for the same agents").toBeGreaterThan(0);
    const assigned = outputs.flatMap((o) => o.results.filter((r) => r.kind === "assigned"));
    expect(assigned).toHaveLength(agentCount);
    expect(new Set(assigned.map((r) => r.agentId)).size).toBe(agentCount);
    expect(await doubleAssignments()).toEqual([]);
    expect(await db.call.count({ where: { status: "QUEUED", queuedAt: { not: null } } })).toBe(CALLS - agentCount);
  }, PROCESS_TEST_TIMEOUT_MS);

  it("the two processes against a non-atomic claim double-assign, and the check above sees it", async () => {
    const { callIds } = await floor(30);
    await routeInTwoProcesses(callIds, true);
    expect((await doubleAssignments()).length).toBeGreaterThan(0);
  }, PROCESS_TEST_TIMEOUT_MS);

  // #19: skills in play. Billing callers (by dialled number) may only take the 10 billing agents, plain callers any of
  // the 15; the skill pools are separate heaps over the same agent rows, so the claim must still decide alone.
  it("50 simultaneous requests with skills in play: no double assignment, billing callers only on billing agents", async () => {
    const billingLine = "+14155550100";
    const billingAgents = await Promise.all(
      Array.from({ length: 10 }, (_, i) => createAgent(db, { skills: [{ skill: "billing", proficiency: 1 + (i % 5) }] })),
    );
    const plainAgents = await Promise.all(Array.from({ length: 5 }, () => createAgent(db)));
    const billingCalls = await Promise.all(Array.from({ length: 30 }, () => createCall(db, "en", { to: billingLine })));
    const plainCalls = await Promise.all(Array.from({ length: 20 }, () => createCall(db)));
    const callIds = [...billingCalls, ...plainCalls].map((c) => c.id).sort(); // interleaved across instances
    const results = await routeWithSeparateCaches(callIds, { skillByNumber: new Map<string, Skill>([[billingLine, "billing"]]) });

    const assigned = results.flatMap((r, i) => (r.kind === "assigned" ? [{ callId: callIds[i]!, agentId: r.agent.id }] : []));
    const billingIds = new Set(billingAgents.map((a) => a.id));
    const billingCallIds = new Set(billingCalls.map((c) => c.id));
    console.log(`skills in play: ${assigned.length} assigned, ${results.filter((r) => r.kind === "queued").length} queued, ${await contestedDecisions()} contested decisions`);
    expect(assigned).toHaveLength(billingAgents.length + plainAgents.length); // every agent taken once
    expect(new Set(assigned.map((a) => a.agentId)).size).toBe(assigned.length);
    for (const a of assigned) if (billingCallIds.has(a.callId)) expect(billingIds.has(a.agentId), `billing call on ${a.agentId}`).toBe(true);
    expect(results.filter((r) => r.kind === "queued")).toHaveLength(CALLS - assigned.length);
    expect(await doubleAssignments()).toEqual([]);
    const queue = await listQueue(db);
    for (const line of ["billing", null]) {
      const positions = queue.filter((q) => q.requiredSkill === line).map((q) => q.position);
      expect(positions).toEqual(positions.map((_, i) => i + 1));
    }
  });
});
