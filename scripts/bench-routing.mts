// Routing benchmark (npm run bench:routing): in-memory pick with the heap vs a linear scan, full decisions
// against a real SQLite database (p50/p99), and throughput under concurrency with a double-assignment check in
// the database. Creates its own temporary database under .data/, prints tables, deletes it and exits.
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { rmSync } from "node:fs";
import { resolve } from "node:path";
import { promisify } from "node:util";
import { migrateDeploy } from "../lib/db/migrate.ts";

const root = resolve(import.meta.dirname, "..");
const file = resolve(root, `.data/bench-routing-${process.pid}.db`);
const url = `file:${file}`;
process.env.DATABASE_URL = url;

const { createPrismaClient, tuneSqlite } = await import("../lib/db/client.ts");
const { MinHeap } = await import("../lib/routing/min-heap.ts");
const { candidateLess, scoreTerms } = await import("../lib/routing/score.ts");
const { clearPools } = await import("../lib/routing/agent-pool.ts");
const { assignAgent, recordDialResult } = await import("../lib/routing/index.ts");
const { ROUTING_DEFAULTS } = await import("../lib/env.ts");
type Candidate = import("../lib/routing/score.ts").Candidate;

const SIZES = [100, 1_000, 10_000];
const cfg = { ...ROUTING_DEFAULTS };
const quiet = { defer: () => undefined }; // no realtime traffic: measure routing itself

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};
const fmt = (n: number, digits = 1) => n.toFixed(digits);
function table(title: string, rows: Array<Record<string, string | number | boolean>>) {
  console.log(`\n${title}`);
  console.table(rows);
}

let seed = 42;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
function randomStats() {
  const totalCalls = Math.floor(rand() * 200);
  const ratingCount = Math.floor(totalCalls * 0.9);
  return {
    totalCalls,
    avgCallDuration: totalCalls ? 60 + rand() * 400 : 0,
    ratingCount,
    ratingSum: Math.round(ratingCount * (1 + rand() * 3)),
  };
}

// 1. In memory: pick the best agent (pop, then put back with one more recent call, as a claim would change it).
function memoryBench() {
  const rows = [];
  for (const n of SIZES) {
    const candidates: Candidate[] = Array.from({ length: n }, (_, i) => ({
      agentId: `a${i}`,
      name: "",
      phone: "",
      idleSince: Math.floor(rand() * 1e9),
      terms: scoreTerms(randomStats(), Math.floor(rand() * 5), cfg),
    }));
    const t0 = performance.now();
    const heap = new MinHeap<Candidate>((c) => c.agentId, candidateLess, candidates);
    const buildMs = performance.now() - t0;
    const iterations = 20_000;
    const heapTimes: number[] = [];
    const scanTimes: number[] = [];
    const list = [...candidates];
    const bump = (c: Candidate): Candidate => ({ ...c, terms: { ...c.terms, score: c.terms.score + cfg.weightRecentCalls } });
    for (let i = 0; i < iterations; i++) {
      let s = performance.now();
      const top = heap.pop()!;
      heap.push(bump(top));
      heapTimes.push(performance.now() - s);

      s = performance.now();
      let best = 0;
      for (let j = 1; j < list.length; j++) if (candidateLess(list[j]!, list[best]!)) best = j;
      list[best] = bump(list[best]!);
      scanTimes.push(performance.now() - s);
    }
    rows.push({
      agents: n,
      "heap build ms": fmt(buildMs, 2),
      "heap pick p50 µs": fmt(pct(heapTimes, 50) * 1000, 2),
      "heap pick p99 µs": fmt(pct(heapTimes, 99) * 1000, 2),
      "linear scan p50 µs": fmt(pct(scanTimes, 50) * 1000, 2),
      "linear scan p99 µs": fmt(pct(scanTimes, 99) * 1000, 2),
      speedup: `${fmt(pct(scanTimes, 50) / Math.max(pct(heapTimes, 50), 1e-6), 0)}x`,
    });
  }
  table("In-memory pick (20,000 picks each; heap pop+update vs linear scan for the minimum)", rows);
}

async function seedFloor(db: Awaited<ReturnType<typeof createPrismaClient>>) {
  let digit = 1;
  for (const n of SIZES) {
    const code = `l${n}`;
    await db.language.create({ data: { code, name: code, locale: "en-US", menuDigit: digit++ } });
    const agents = Array.from({ length: n }, (_, i) => {
      const s = randomStats();
      return {
        id: `${code}-${i}`,
        name: `Agent ${code}-${i}`,
        phone: `+1${String(digit)}${String(i).padStart(9, "0")}`,
        totalCalls: s.totalCalls,
        totalTalkSeconds: Math.round(s.totalCalls * s.avgCallDuration),
        avgCallDuration: s.avgCallDuration,
        ratingSum: s.ratingSum,
        ratingCount: s.ratingCount,
        idleSince: new Date(Date.now() - Math.floor(rand() * 3_600_000)),
      };
    });
    for (let i = 0; i < agents.length; i += 2_000) {
      const chunk = agents.slice(i, i + 2_000);
      await db.agent.createMany({ data: chunk });
      await db.agentLanguage.createMany({ data: chunk.map((a) => ({ agentId: a.id, languageCode: code })) });
    }
    // Recent history so the grouped recent-calls query has real work: ~1 assignment per 2 agents in the window.
    const history = await createCalls(db, code, Math.ceil(n / 2));
    await db.agentAssignment.createMany({
      data: history.map((callId, i) => ({
        agentId: `${code}-${Math.floor(rand() * n)}`,
        callId,
        assignedAt: new Date(Date.now() - Math.floor(rand() * 3_000_000) - i),
        outcome: "ANSWERED",
      })),
    });
  }
}

async function createCalls(db: Awaited<ReturnType<typeof createPrismaClient>>, languageCode: string, count: number) {
  const ids = Array.from({ length: count }, () => randomUUID());
  for (let i = 0; i < ids.length; i += 2_000) {
    await db.call.createMany({
      data: ids.slice(i, i + 2_000).map((id) => ({
        id,
        callUuid: id,
        direction: "INBOUND" as const,
        from: "+14155559999",
        to: "+14155550000",
        languageCode,
        status: "IN_IVR" as const,
        step: "ROUTING" as const,
      })),
    });
  }
  return ids;
}

// 2. Full decisions with the database, one at a time; each call is completed afterwards so the pool stays full.
async function decisionBench(db: Awaited<ReturnType<typeof createPrismaClient>>) {
  const rows = [];
  for (const n of SIZES) {
    const code = `l${n}`;
    clearPools(db);
    const calls = await createCalls(db, code, 600);
    const cold = performance.now();
    const first = await assignAgent(db, { callId: calls[0]!, languageCode: code }, quiet);
    const coldMs = performance.now() - cold;
    if (first.kind !== "assigned") throw new Error(`no agent for ${code}`);
    await recordDialResult(db, { callId: calls[0]!, dialStatus: "completed", talkSeconds: 120 }, quiet);
    const times: number[] = [];
    const t0 = performance.now();
    for (const callId of calls.slice(1)) {
      const s = performance.now();
      const r = await assignAgent(db, { callId, languageCode: code }, quiet);
      times.push(performance.now() - s);
      if (r.kind !== "assigned") throw new Error(`queued with ${n} agents free`);
      await recordDialResult(db, { callId, dialStatus: "completed", talkSeconds: 60 + Math.floor(rand() * 300) }, quiet);
    }
    const wallS = (performance.now() - t0) / 1000;
    rows.push({
      agents: n,
      decisions: times.length,
      "cold (cache build) ms": fmt(coldMs),
      "p50 ms": fmt(pct(times, 50), 2),
      "p99 ms": fmt(pct(times, 99), 2),
      "max ms": fmt(Math.max(...times), 2),
      "assign+complete per s": fmt(times.length / wallS, 0),
    });
  }
  table(`Full decision with the database (sequential; cache TTL ${cfg.cacheTtlMs} ms, rebuilds included)`, rows);
}

async function verifyNoDoubleAssignment(db: Awaited<ReturnType<typeof createPrismaClient>>, callIds: string[]) {
  const ids = new Set(callIds);
  const calls = (await db.call.findMany({ select: { id: true, status: true, agentId: true } })).filter((c) => ids.has(c.id));
  const connecting = calls.filter((c) => c.status === "CONNECTING");
  const agentIds = connecting.map((c) => c.agentId);
  const distinct = new Set(agentIds).size;
  const holders = await db.agent.findMany({ where: { currentCallId: { not: null } }, select: { id: true, currentCallId: true } });
  const consistent = connecting.every((c) => holders.some((h) => h.id === c.agentId && h.currentCallId === c.id));
  const burst = new Set(callIds);
  const assignments = await db.agentAssignment.findMany({ where: { outcome: "PENDING" }, select: { agentId: true, callId: true } });
  const perAgent = new Map<string, number>();
  for (const a of assignments) if (burst.has(a.callId)) perAgent.set(a.agentId, (perAgent.get(a.agentId) ?? 0) + 1);
  const pendingPerAgent = [...perAgent.values()].map((n) => ({ _count: { _all: n } }));
  const doubles = pendingPerAgent.filter((g) => g._count._all > 1).length + (agentIds.length - distinct);
  return { assigned: connecting.length, queued: calls.filter((c) => c.status === "QUEUED").length, doubles, consistent };
}

// 3. Throughput under concurrency: bursts in this process, then two separate processes at once.
async function concurrencyBench(db: Awaited<ReturnType<typeof createPrismaClient>>) {
  const n = 10_000;
  const code = `l${n}`;
  const rows = [];
  clearPools(db);
  await db.agent.updateMany({ where: { status: "BUSY" }, data: { status: "AVAILABLE", currentCallId: null } });
  const total = 2_000;
  const calls = await createCalls(db, code, total);
  await assignAgent(db, { callId: (await createCalls(db, code, 1))[0]!, languageCode: code }, quiet); // warm cache
  const t0 = performance.now();
  for (let i = 0; i < calls.length; i += 100) {
    await Promise.all(calls.slice(i, i + 100).map((callId) => assignAgent(db, { callId, languageCode: code }, quiet)));
  }
  const s = (performance.now() - t0) / 1000;
  const v = await verifyNoDoubleAssignment(db, calls);
  rows.push({ setup: "1 process, bursts of 100", decisions: total, "decisions/s": fmt(total / s, 0), ...v });

  // Two instances with their own caches over the same file: 1,000 concurrent requests each.
  const more = await createCalls(db, code, 2_000);
  const halves = [more.slice(0, 1_000), more.slice(1_000)];
  const exec = promisify(execFile);
  const t1 = performance.now();
  await Promise.all(
    halves.map((callIds) =>
      exec(
        resolve(root, "node_modules/.bin/tsx"),
        [resolve(root, "tests/support/assign-worker.mts"), JSON.stringify({ callIds, languageCode: code })],
        { cwd: root, env: { ...process.env, DATABASE_URL: url }, maxBuffer: 64 * 1024 * 1024 },
      ),
    ),
  );
  const s2 = (performance.now() - t1) / 1000;
  const v2 = await verifyNoDoubleAssignment(db, more);
  rows.push({ setup: "2 processes x 1,000 at once (incl. process start)", decisions: 2_000, "decisions/s": fmt(2_000 / s2, 0), ...v2 });
  table("Concurrency (10,000 agents; every decision claims an agent; checked in the database)", rows);
  return [v, v2].every((x) => x.doubles === 0 && x.consistent);
}

try {
  migrateDeploy(url, root);
  const db = createPrismaClient(url);
  await tuneSqlite(db, url);
  console.log(`routing benchmark on ${file} (Node ${process.version})`);
  memoryBench();
  const seeded = performance.now();
  await seedFloor(db);
  console.log(`\nseeded ${SIZES.map((n) => `${n}`).join(" + ")} agents (one language each) in ${fmt((performance.now() - seeded) / 1000)} s`);
  await decisionBench(db);
  const ok = await concurrencyBench(db);
  await db.$disconnect();
  console.log(ok ? "\nno double assignments" : "\nDOUBLE ASSIGNMENT FOUND");
  process.exitCode = ok ? 0 : 1;
} finally {
  for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(`${file}${suffix}`, { force: true });
}
