// Dashboard reads at production volume (npm run bench:data): seeds a realistic history straight into a fresh
// database with multi-row INSERTs in transactions, starts the production server, signs in as a supervisor over
// HTTP and times every dashboard page and JSON API (server time as the client sees it, on localhost), the server's
// memory while serving analytics, then one pruning pass with a concurrent writer measuring how long it waited.
//
//   npm run bench:data -- [--calls 1000000] [--days 90] [--agents 500] [--samples 5] [--prune-days 30]
//                         [--postgres postgresql://user@host:5432/postgres] [--pg-database ivr_bench_data]
//                         [--db-file .data/bench-data.db] [--skip-build] [--skip-seed] [--seed-only] [--prune-only]
//                         [--prune-budget-s 3600] [--prune-in-process] [--keep] [--port 3210] [--skip-prune]
//
// SQLite: a fresh .data/bench-data.db (--db-file). PostgreSQL: a fresh database "ivr_bench_data" (--pg-database) on
// that server, dropped at the end unless --keep. --seed-only seeds and stops, so a later --skip-seed run (the 1 M
// history takes many minutes to write) can time a newer build against it; migrations are applied on every run.
// --prune-only skips the server and measures only the pruning pass with its concurrent writer; --prune-budget-s
// stops that pass early (a pass over 1 M calls' detail takes most of an hour with its pauses; `more: true` then).
// The pass runs on a worker thread as the server runs it (bench-data-prune.mts); --prune-in-process runs it on the
// main thread instead (the old way, and the Vercel cron's) for comparison. The worker checkpoints SQLite's WAL after
// each batch (--no-checkpoint-every-batch: not; --checkpoint-every-batch: also in-process).
// Prints a table and writes JSON to bench-results/.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { z } from "zod";
import { createPrismaClient, tuneSqlite, type Db } from "../lib/db/client.ts";
import { migrateDeploy } from "../lib/db/migrate.ts";
import { rollupAnalytics } from "../lib/dashboard/analytics-rollup.ts";
import { dropDatabase, postgresUrlFor, runAdmin } from "../tests/setup/postgres.ts";
import { signIn } from "./bench-dashboards.mts";
import { databaseMb as databaseMbOf, seedHistory } from "./bench-data-seed.mts";
import { measurePruning } from "./bench-data-prune.mts";

const root = resolve(import.meta.dirname, "..");
const argv = process.argv.slice(2);
const flag = (name: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const options = z
  .object({
    calls: z.coerce.number().int().min(100).max(5_000_000).default(1_000_000),
    days: z.coerce.number().int().min(1).max(400).default(90),
    agents: z.coerce.number().int().min(2).max(10_000).default(500),
    samples: z.coerce.number().int().min(1).max(100).default(5),
    pruneDays: z.coerce.number().int().min(1).default(30),
    port: z.coerce.number().int().min(1024).max(65535).default(3210),
    postgres: z.string().regex(/^postgres(ql)?:\/\//, "--postgres takes a postgresql:// admin URL").optional(),
    pgDatabase: z.string().regex(/^[A-Za-z0-9_]+$/, "--pg-database takes letters, digits and _").default("ivr_bench_data"),
    dbFile: z.string().default(".data/bench-data.db"),
    skipBuild: z.boolean(),
    skipSeed: z.boolean(),
    seedOnly: z.boolean(),
    pruneOnly: z.boolean(),
    pruneInProcess: z.boolean(),
    pruneBudgetS: z.coerce.number().positive().default(3600),
    keep: z.boolean(),
    skipPrune: z.boolean(),
  })
  .parse({
    calls: flag("calls"), days: flag("days"), agents: flag("agents"), samples: flag("samples"), pruneDays: flag("prune-days"),
    port: flag("port"), postgres: flag("postgres"), skipBuild: argv.includes("--skip-build"), skipSeed: argv.includes("--skip-seed"),
    pgDatabase: flag("pg-database"), dbFile: flag("db-file"), seedOnly: argv.includes("--seed-only"), pruneOnly: argv.includes("--prune-only"), pruneInProcess: argv.includes("--prune-in-process"), pruneBudgetS: flag("prune-budget-s"), keep: argv.includes("--keep") || argv.includes("--seed-only"),
    skipPrune: argv.includes("--skip-prune"),
  });

const DIST = process.env.NEXT_DIST_DIR || ".next-bench-data"; // several checkouts building at once each set their own
const DB_FILE = resolve(root, options.dbFile);
const PG_DATABASE = options.pgDatabase;
const DATABASE_URL = options.postgres ? postgresUrlFor(options.postgres, PG_DATABASE) : `file:${DB_FILE}`;
const BASE = `http://localhost:${options.port}`;
const ZONE = "America/New_York";
const SUPERVISOR = { email: "bench@example.com", password: "bench-password" };
const log = (line: string) => console.log(`[bench:data] ${line}`);
const seed = (db: Db) =>
  seedHistory(db, { calls: options.calls, days: options.days, agents: options.agents, postgres: Boolean(options.postgres), dbFile: DB_FILE, pgDatabase: PG_DATABASE, supervisor: SUPERVISOR, log });
const databaseMb = (db: Db) => databaseMbOf(db, { postgres: Boolean(options.postgres), pgDatabase: PG_DATABASE });

// ------------------------------------------------------------------------------------------------------- server
const serverEnv = {
  ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", NEXT_DIST_DIR: DIST, DATABASE_URL, PORT: String(options.port),
  PUBLIC_BASE_URL: BASE, SUPERVISOR_EMAIL: SUPERVISOR.email, SUPERVISOR_PASSWORD: SUPERVISOR.password, CALL_CENTRE_TIME_ZONE: ZONE,
  PUSHER_HOST: "127.0.0.1", PUSHER_PORT: String(options.port + 3000), LOG_LEVEL: "warn",
} as NodeJS.ProcessEnv;

async function startServer(): Promise<ChildProcess> {
  const child = spawn(resolve(root, "node_modules/.bin/next"), ["start", "--port", String(options.port)], { cwd: root, env: serverEnv, stdio: ["ignore", "ignore", "pipe"] });
  child.stderr?.on("data", (d: Buffer) => process.stderr.write(`[server] ${d}`));
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(`${BASE}/api/health`)).ok) return child;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  child.kill();
  throw new Error("server did not become healthy within 60 s");
}

/** The next-server process's resident memory now and at its peak, MB (Linux /proc). */
function memoryMb(pid: number) {
  const pids = [pid, ...readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number)];
  let rss = 0;
  let hwm = 0;
  for (const p of pids) {
    const status = readFileSync(`/proc/${p}/status`, "utf8");
    rss += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
    hwm += Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
  }
  return { rss, hwm };
}

type Timing = { name: string; path: string; status: number; bytes: number; p50: number; p95: number; max: number };

async function time(name: string, path: string, cookie: string): Promise<Timing> {
  const ms: number[] = [];
  let status = 0;
  let bytes = 0;
  for (let i = 0; i <= options.samples; i++) {
    const t = performance.now();
    const r = await fetch(`${BASE}${path}`, { headers: { Cookie: cookie }, redirect: "manual" });
    const body = new Uint8Array(await r.arrayBuffer());
    if (i > 0) ms.push(performance.now() - t); // the first request warms the route up
    status = r.status;
    bytes = body.length;
  }
  ms.sort((a, b) => a - b);
  log(`${name}: ${status}, median ${ms[Math.floor(ms.length / 2)]!.toFixed(0)} ms`);
  const pct = (p: number) => ms[Math.min(ms.length - 1, Math.floor((p / 100) * ms.length))]!;
  return { name, path, status, bytes, p50: pct(50), p95: pct(95), max: ms.at(-1)! };
}

type StreamTiming = { name: string; path: string; status: number; bytes: number; rows: number; ttfbMs: number; totalMs: number; rowsPerS: number; rssBefore: number; rssPeak: number };

/**
 * One streamed download (a CSV export): time to the first body byte and to the end separately (an export of N rows
 * takes time in proportion to N; its first byte should not), rows per second, and the server's RSS sampled every
 * 100 ms while it streams (flat = the export holds no more than a batch).
 */
async function timeStream(name: string, path: string, cookie: string, pid: number): Promise<StreamTiming> {
  const rssBefore = memoryMb(pid).rss;
  let rssPeak = rssBefore;
  const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, memoryMb(pid).rss)), 100);
  const t = performance.now();
  const r = await fetch(`${BASE}${path}`, { headers: { Cookie: cookie }, redirect: "manual" });
  let ttfbMs = 0;
  let bytes = 0;
  let rows = 0;
  const reader = r.body!.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (ttfbMs === 0) ttfbMs = performance.now() - t;
    bytes += value.length;
    for (let i = value.indexOf(10); i >= 0; i = value.indexOf(10, i + 1)) rows++;
  }
  const totalMs = performance.now() - t;
  clearInterval(sampler);
  rows = Math.max(0, rows - 1); // the header line
  log(`${name}: ${r.status}, first byte ${ttfbMs.toFixed(0)} ms, total ${totalMs.toFixed(0)} ms, ${rows} rows, RSS peak ${rssPeak.toFixed(0)} MB`);
  return { name, path, status: r.status, bytes, rows, ttfbMs, totalMs, rowsPerS: rows / (totalMs / 1000), rssBefore, rssPeak };
}

// ---------------------------------------------------------------------------------------------------------- run
if (options.postgres) {
  if (!options.skipSeed) {
    await dropDatabase(options.postgres, PG_DATABASE);
    await runAdmin(options.postgres, `CREATE DATABASE "${PG_DATABASE}"`);
  }
} else if (!options.skipSeed) {
  for (const suffix of ["", "-wal", "-shm"]) rmSync(`${DB_FILE}${suffix}`, { force: true });
  mkdirSync(resolve(root, ".data"), { recursive: true });
}
migrateDeploy(DATABASE_URL, root);
const db = createPrismaClient(DATABASE_URL);
await tuneSqlite(db, DATABASE_URL);
const seeded = options.skipSeed ? null : await seed(db);
if (options.seedOnly) {
  await db.$disconnect();
  log(`seeded; time it later with --skip-seed`);
  process.exit(0);
}
// The analytics rollup of closed days, as the server's maintenance job keeps it (today stays live).
// (Not for --prune-only: pruning reads and writes no rollup, and a fresh 1 M history's first backfill takes minutes.)
const rollupStarted = performance.now();
if (!options.pruneOnly) {
  let rollup = await rollupAnalytics(db, { zone: ZONE, maxDays: 400, timeBudgetMs: 3_600_000 });
  while (rollup.remaining > 0) rollup = await rollupAnalytics(db, { zone: ZONE, maxDays: 400, timeBudgetMs: 3_600_000 });
  log(`analytics rollup of closed days: ${((performance.now() - rollupStarted) / 1000).toFixed(1)} s (${JSON.stringify(rollup)})`);
}
const rollupSeconds = (performance.now() - rollupStarted) / 1000;
const sampleCall = (await db.call.findFirstOrThrow({ where: { agentId: { not: null } }, orderBy: { startedAt: "desc" }, select: { id: true } })).id;
const mbBefore = await databaseMb(db);

if (!options.skipBuild && !options.pruneOnly) {
  log(`building the production server into ${DIST}`);
  const r = spawnSync(resolve(root, "node_modules/.bin/next"), ["build"], { cwd: root, env: serverEnv, stdio: "inherit" });
  if (r.status !== 0) throw new Error("next build failed");
}
const server = options.pruneOnly ? null : await startServer();
const results: Timing[] = [];
let memory = { before: 0, after: 0, peak: 0, again: 0 };
const exports: StreamTiming[] = [];
if (server) try {
  const cookie = await signIn(BASE, SUPERVISOR.email, SUPERVISOR.password);
  const first = (await (await fetch(`${BASE}/api/call-history?pageSize=25`, { headers: { Cookie: cookie } })).json()) as { nextCursor: string | null };
  const targets: Array<[string, string]> = [
    ["board", "/"],
    ["live calls", "/calls"],
    ["history: first page", "/history"],
    ["history: second page (cursor)", `/history?page=2&cursor=${first.nextCursor}&dir=next`],
    ["history: oldest page", "/history?dir=last"],
    ["history: filtered (es, completed, rated 4)", "/history?language=es&status=COMPLETED&rating=4"],
    ["history: one day", `/history?from=${new Date(Date.now() - 3 * 86_400_000).toISOString().slice(0, 10)}&to=${new Date(Date.now() - 3 * 86_400_000).toISOString().slice(0, 10)}`],
    ["call detail", `/history/${sampleCall}`],
    ["API call-history first", "/api/call-history"],
    ["API call-history oldest", "/api/call-history?dir=last"],
    ["API agent-stats", "/api/agent-stats"],
  ];
  for (const [name, path] of targets) results.push(await time(name, path, cookie));
  // Load the analytics routes' code first (today's period: a few thousand rows), so the growth below is what serving
  // the longer periods costs, not the first import of the page's modules.
  for (const path of ["/analytics?days=1", "/api/analytics?days=1"]) await (await fetch(`${BASE}${path}`, { headers: { Cookie: cookie } })).arrayBuffer();
  const before = memoryMb(server.pid!);
  for (const days of [1, 7, 30, 90]) {
    results.push(await time(`analytics ${days === 1 ? "today" : `${days} days`}`, `/analytics?days=${days}`, cookie));
    results.push(await time(`API analytics ${days} d`, `/api/analytics?days=${days}`, cookie));
  }
  // A custom range of closed days plus today: 60 days ending today (the rollup serves all but today).
  const customFrom = new Date(Date.now() - 59 * 86_400_000).toLocaleDateString("en-CA", { timeZone: ZONE });
  const customTo = new Date().toLocaleDateString("en-CA", { timeZone: ZONE });
  results.push(await time("analytics custom 60 days", `/analytics?from=${customFrom}&to=${customTo}`, cookie));
  results.push(await time("API analytics custom 60 days", `/api/analytics?from=${customFrom}&to=${customTo}`, cookie));
  const after = memoryMb(server.pid!);
  // The first round also loads the analytics routes' code; a second round of the same requests shows whether serving
  // them keeps growing the server (it would if memory grew with the calls read).
  for (const r of results.filter((x) => x.name.includes("analytics"))) await (await fetch(`${BASE}${r.path}`, { headers: { Cookie: cookie } })).arrayBuffer();
  memory = { before: before.rss, after: after.rss, peak: memoryMb(server.pid!).hwm, again: memoryMb(server.pid!).rss };
  results.push(await time("CSV export: agent summary, 90 days", "/api/export/agents?days=90", cookie));
  // Streamed exports: one run each after a warm-up of today's (their time is in proportion to their rows).
  await timeStream("warm-up", "/api/export/calls?days=1", cookie, server.pid!);
  for (const days of [1, 7, 90]) exports.push(await timeStream(`CSV export: calls, ${days === 1 ? "today" : `${days} days`}`, `/api/export/calls?days=${days}`, cookie, server.pid!));
} finally {
  server.kill();
}

// --skip-prune: time the pages only (a shared database must not be pruned).
if (options.skipPrune) log("pruning skipped (--skip-prune)");
else log(`pruning detail older than ${options.pruneDays} days ${options.pruneInProcess ? "on this thread" : "on a worker thread"}`);
const pruned = options.skipPrune
  ? null
  : await measurePruning(db, DATABASE_URL, {
      pruneDays: options.pruneDays, budgetS: options.pruneBudgetS, idleS: 15, inProcess: options.pruneInProcess,
      checkpointEveryBatch: argv.includes("--checkpoint-every-batch") ? true : argv.includes("--no-checkpoint-every-batch") ? false : undefined,
    });
const mbAfter = await databaseMb(db);

const database = options.postgres ? "PostgreSQL" : "SQLite";
console.log(`\n${database}, ${options.calls.toLocaleString("en-US")} calls over ${options.days} days, ${options.agents} agents, ${options.samples} samples each (after one warm-up)\n`);
console.log(`${"page / API".padEnd(46)} status   p50 ms   p95 ms   max ms      bytes`);
for (const r of results) {
  console.log(`${r.name.padEnd(46)} ${String(r.status).padStart(6)} ${r.p50.toFixed(0).padStart(8)} ${r.p95.toFixed(0).padStart(8)} ${r.max.toFixed(0).padStart(8)} ${String(r.bytes).padStart(10)}`);
}
console.log(`\n${"streamed CSV export".padEnd(46)} status  1st byte ms   total ms       rows     rows/s   MB  RSS before/peak MB`);
for (const e of exports) {
  console.log(`${e.name.padEnd(46)} ${String(e.status).padStart(6)} ${e.ttfbMs.toFixed(0).padStart(12)} ${e.totalMs.toFixed(0).padStart(10)} ${String(e.rows).padStart(10)} ${e.rowsPerS.toFixed(0).padStart(10)} ${(e.bytes / 1e6).toFixed(1).padStart(4)}  ${e.rssBefore.toFixed(0)} / ${e.rssPeak.toFixed(0)}`);
}
console.log(`\nserver memory (RSS) before analytics ${memory.before.toFixed(0)} MB, after ${memory.after.toFixed(0)} MB (growth ${(memory.after - memory.before).toFixed(0)} MB), after a second round of the same requests ${memory.again.toFixed(0)} MB (growth ${(memory.again - memory.after).toFixed(0)} MB), peak ${memory.peak.toFixed(0)} MB`);
console.log(`database ${mbBefore.toFixed(0)} MB before pruning, ${mbAfter.toFixed(0)} MB after (${options.postgres ? "pg_database_size: PostgreSQL reuses freed space, VACUUM FULL returns it" : "pages in use"})`);
console.log(`analytics rollup of closed days before the run: ${rollupSeconds.toFixed(1)} s`);
if (pruned) {
  const { prune, rows: prunedRows, rowsPerSecond, write, delay, idle } = pruned;
  console.log(`pruning: ${JSON.stringify(prune)}`);
  console.log(`pruning ran ${prune.ranIn === "worker" ? `on a worker thread (start-up ${prune.startMs} ms)` : "on the main thread"}: ${prunedRows.toLocaleString("en-US")} rows in ${(prune.ms / 1000).toFixed(1)} s, ${rowsPerSecond.toLocaleString("en-US")} rows/s; batches p99 ${prune.batchP99Ms} ms, longest ${prune.longestBatchMs} ms`);
  const line = (x: { p50: number; p99: number; max: number; over50: number }) => `p50 ${x.p50.toFixed(1)} ms, p99 ${x.p99.toFixed(1)} ms, max ${x.max.toFixed(1)} ms, ${x.over50} over 50 ms`;
  console.log(`a write every 5 ms on the main thread, ${write.n} during pruning / ${idle.write.n} in the 15 s before it (this machine alone):`);
  console.log(`  due → written (event loop + lock): during ${line(delay)}; before ${line(idle.delay)}`);
  console.log(`  the statement alone (lock wait):   during ${line(write)}; before ${line(idle.write)}`);
}
mkdirSync(resolve(root, "bench-results"), { recursive: true });
const out = resolve(root, `bench-results/bench-data-${database.toLowerCase()}-${options.calls}-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
writeFileSync(out, JSON.stringify({ options: { ...options, postgres: options.postgres ? "yes" : undefined }, seeded, rollupSeconds, results, exports, memory, databaseMb: { before: mbBefore, after: mbAfter }, ...pruned }, null, 2));
log(`wrote ${out}`);
if (!options.postgres) log(`SQLite file ${(statSync(DB_FILE).size / 1e6).toFixed(0)} MB`);
await db.$disconnect();
if (options.postgres && !options.keep) await dropDatabase(options.postgres, PG_DATABASE);
