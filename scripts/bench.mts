// Load and latency benchmark (npm run bench): builds and starts the production server on embedded defaults with a
// fresh database and a realistic floor, then drives concurrent simulated callers through complete calls (language,
// action, agent, rating, hangup) over HTTP with signed webhooks, and prints one table per concurrency level.
// A script, not a test: it prints numbers and writes them as JSON (bench-results/) so runs can be compared.
//
//   npm run bench -- --concurrency 50,200,500 --duration 20 --agents 200 [--workers 2] [--warmup-seconds 15] [--server-log FILE] [--skip-build] [--time-scale 0.001] [--profile] [--postgres ADMIN_URL [--pg-database NAME] [--db-latency MS]] [--no-statement-count] [--dashboards 10] [--port 3300] [--pusher-port 6300]
//   npm run bench -- --help
//
// --dashboards N: each level runs twice, without and then with N open supervisor dashboards (scripts/bench-dashboards.mts:
// pusher-js subscribers keeping their page current as the browser does), each leg from a free floor (no agent on a
// call or in wrap-up), and prints the server's CPU both ways and what the dashboards fetched.
//
// The database is a fresh SQLite file (.data/bench.db), or with --postgres postgresql://user@host:5432/postgres a
// fresh database (--pg-database, default "ivr_bench") on that PostgreSQL server, created and dropped by the run.
// --db-latency MS puts a TCP proxy (scripts/bench-latency-proxy.mts, loopback only) between the server and
// PostgreSQL that adds MS to every round trip, so a run resembles a hosted database a network hop
// away; the run measures and prints the added round trip it really got.
// Each level also reports what the server sent to the database, counted in the server (BENCH_COUNT_STATEMENTS=1,
// lib/db/statement-count.ts, read from /bench/statements): statements per webhook route and per routing decision,
// transactions and their span (the longest a row lock can have been held), and on PostgreSQL the peak number of
// database connections (pg_stat_activity, sampled every 100 ms). --no-statement-count turns the counter off.
import { availableParallelism } from "node:os";
import { fork, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import pg from "pg";
import { z } from "zod";
import { createPrismaClient, tuneSqlite } from "../lib/db/client.ts";
import { migrateDeploy } from "../lib/db/migrate.ts";
import { seedDatabase } from "../lib/db/seed.ts";
import { dropDatabase, postgresUrlFor, runAdmin } from "../tests/setup/postgres.ts";
import { scriptedCaller } from "../lib/simulator/callers.ts";
import { createKeepAliveClient, type HttpSend } from "../lib/simulator/http-transport.ts";
import { createSigningTransport } from "../lib/simulator/signing-transport.ts";
import { simulateCall, type CallResult } from "../lib/simulator/simulate-call.ts";
import { DASHBOARD_PAGES, openDashboards, signIn } from "./bench-dashboards.mts";

const root = resolve(import.meta.dirname, "..");

const argv = process.argv.slice(2);
if (argv.includes("--help") || argv.includes("-h")) {
  console.log(`npm run bench -- [options]
  --concurrency 50,200,500   concurrent simulated callers, one table per level (default 50,200,500)
  --duration 15              seconds per level
  --agents 200               agents on the floor (45% English, 35% Spanish, 20% both)
  --workers 1                next start processes behind node:cluster
  --port 3300 --pusher-port 6300
  --warmup-seconds 15 --baseline-seconds 8 --time-scale 0.001
  --postgres URL             PostgreSQL admin URL (postgresql://user@host:5432/postgres); SQLite otherwise
  --pg-database ivr_bench    the database the run creates and drops on that server
  --db-latency MS            add MS ms to every server<->PostgreSQL round trip (TCP proxy)
  --no-statement-count       do not count statements in the server (the counter costs a little CPU)
  --prepared-statements 0    PostgreSQL: DATABASE_PREPARED_STATEMENTS for the server (default 0, the product's
                             default: unnamed statements); 1 = named prepared statements (lib/db/prepared-pool.ts),
                             which the bench's direct connection allows
  --wrap-up-seconds N        the agents' after-call work (AGENT_WRAP_UP_SECONDS), real seconds. Default: the
                             product's 30 s scaled by --time-scale like every other duration (0 at 0.001); 30
                             reproduces runs before this flag, where the unscaled wrap-up, not the server, bounded
                             calls/s (200 agents free up at most ~6.7 a second) and queue polls flooded the mix
  --skip-build --profile --server-log FILE --out FILE`);
  process.exit(0);
}
const flag = (name: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const options = z
  .object({
    concurrency: z.string().regex(/^\d+(,\d+)*$/, "--concurrency takes numbers like 50 or 50,200,500").default("50,200,500"),
    duration: z.coerce.number().positive().max(600).default(15),
    agents: z.coerce.number().int().min(2).max(50_000).default(200),
    port: z.coerce.number().int().min(1024).max(65535).default(3300),
    pusherPort: z.coerce.number().int().min(1024).max(65535).default(6300),
    timeScale: z.coerce.number().positive().max(1).default(0.001),
    baselineSeconds: z.coerce.number().positive().max(120).default(8),
    skipBuild: z.boolean().default(false),
    profile: z.boolean().default(false),
    warmupSeconds: z.coerce.number().min(0).max(120).default(15),
    serverLog: z.string().optional(),
    workers: z.coerce.number().int().min(1).max(16).default(1),
    out: z.string().optional(),
    postgres: z.string().regex(/^postgres(ql)?:\/\//, "--postgres takes a postgresql:// URL of the server's admin database").optional(),
    pgDatabase: z.string().regex(/^[A-Za-z0-9_]{1,50}$/, "--pg-database takes letters, digits and _").default("ivr_bench"),
    dbLatency: z.coerce.number().min(0).max(200).optional(),
    countStatements: z.boolean().default(true),
    dashboards: z.coerce.number().int().min(0).max(100).default(0),
    wrapUpSeconds: z.coerce.number().int().min(0).max(900).optional(),
    preparedStatements: z.enum(["0", "1"], { error: "--prepared-statements takes 0 or 1" }).default("0"),
  })
  .refine((o) => o.dbLatency === undefined || o.postgres, { message: "--db-latency needs --postgres (SQLite is a file, not a network hop)" })
  .parse({
    concurrency: flag("concurrency"),
    duration: flag("duration"),
    agents: flag("agents"),
    port: flag("port"),
    pusherPort: flag("pusher-port"),
    timeScale: flag("time-scale"),
    baselineSeconds: flag("baseline-seconds"),
    skipBuild: argv.includes("--skip-build"),
    profile: argv.includes("--profile"),
    warmupSeconds: flag("warmup-seconds"),
    serverLog: flag("server-log"),
    workers: flag("workers"),
    out: flag("out"),
    postgres: flag("postgres"),
    pgDatabase: flag("pg-database"),
    dbLatency: flag("db-latency"),
    countStatements: !argv.includes("--no-statement-count"),
    dashboards: flag("dashboards"),
    wrapUpSeconds: flag("wrap-up-seconds"),
    preparedStatements: flag("prepared-statements"),
  });
/** The product's default wrap-up (lib/env.ts), scaled like the calls' prompts, rings and talk. */
const PRODUCT_WRAP_UP_SECONDS = 30;
const wrapUpSeconds = options.wrapUpSeconds ?? Math.round(PRODUCT_WRAP_UP_SECONDS * options.timeScale);
const levels = options.concurrency.split(",").map(Number);
// One client for the callers and the static baseline alike, so their ratio compares the server, not two clients.
// node:http with kept-alive sockets: fetch's CPU per request would cap the load this 2-core machine can generate.
const http = createKeepAliveClient({ maxSockets: Math.max(...levels) });

const BASE = `http://localhost:${options.port}`;
const DIST = process.env.NEXT_DIST_DIR ?? ".next-bench"; // a shared machine: each worktree/helper its own
const DB_FILE = resolve(root, ".data/bench.db");
const PG_DATABASE = options.pgDatabase;
const DATABASE_URL = options.postgres ? postgresUrlFor(options.postgres, PG_DATABASE) : `file:${DB_FILE}`;
/** Where the run's data is, for the log (no password). */
const databaseLabel = options.postgres ? `PostgreSQL ${new URL(DATABASE_URL).host}/${PG_DATABASE}` : DB_FILE;
const AUTH_TOKEN = "bench-plivo-auth-token";
const pusherApp = { id: "bench", key: "bench-key", secret: "bench-secret" };
const serverEnv = {
  ...process.env,
  NODE_ENV: "production",
  NEXT_TELEMETRY_DISABLED: "1",
  NEXT_DIST_DIR: DIST,
  DATABASE_URL,
  PORT: String(options.port),
  PUBLIC_BASE_URL: BASE,
  PLIVO_AUTH_TOKEN: AUTH_TOKEN,
  PUSHER_APP_ID: pusherApp.id,
  PUSHER_KEY: pusherApp.key,
  PUSHER_SECRET: pusherApp.secret,
  PUSHER_CLUSTER: "local",
  PUSHER_HOST: "127.0.0.1",
  PUSHER_PORT: String(options.pusherPort),
  BENCH_STATIC_XML: "1", // turns on the /bench/static-xml baseline, a 404 everywhere else
  BENCH_COUNT_STATEMENTS: options.countStatements ? "1" : "0", // and /bench/statements (lib/db/statement-count.ts)
  SUPERVISOR_EMAIL: "bench@example.com",
  SUPERVISOR_PASSWORD: "bench-password",
  CALL_CENTRE_TIME_ZONE: process.env.CALL_CENTRE_TIME_ZONE ?? "America/New_York", // required in production; the dashboards' pages use it
  AGENT_WRAP_UP_SECONDS: String(wrapUpSeconds), // --wrap-up-seconds: scaled with the calls unless given
  DATABASE_PREPARED_STATEMENTS: options.preparedStatements, // PostgreSQL only (lib/db/prepared-pool.ts)
} as NodeJS.ProcessEnv;

const log = (line: string) => console.log(`[bench] ${line}`);

function percentile(sorted: number[], p: number) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
function summary(values: number[]) {
  const s = [...values].sort((a, b) => a - b);
  return { n: s.length, p50: percentile(s, 50), p95: percentile(s, 95), p99: percentile(s, 99), max: s[s.length - 1] ?? NaN };
}
const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : "-");

// ---------------------------------------------------------------------------------------------- database and floor
async function prepareDatabase() {
  if (options.postgres) {
    await dropDatabase(options.postgres, PG_DATABASE);
    await runAdmin(options.postgres, `CREATE DATABASE "${PG_DATABASE}"`);
  } else {
    rmSync(DB_FILE, { force: true });
    rmSync(`${DB_FILE}-wal`, { force: true });
    rmSync(`${DB_FILE}-shm`, { force: true });
    mkdirSync(resolve(root, ".data"), { recursive: true });
  }
  migrateDeploy(DATABASE_URL, root);
  const db = createPrismaClient(DATABASE_URL);
  await tuneSqlite(db, DATABASE_URL);
  await seedDatabase(db, { email: "bench@example.com", password: "bench-password" }, { demoAgents: false });
  // A realistic floor: 45% English only, 35% Spanish only, 20% bilingual, with varied history.
  const agents = Array.from({ length: options.agents }, (_, i) => {
    const calls = (i * 37) % 200;
    const avgSeconds = 120 + ((i * 53) % 300);
    const ratingCount = Math.floor(calls * 0.9);
    return {
      id: `bench-agent-${i}`,
      name: `Agent ${i}`,
      phone: `+1555${String(1_000_000 + i).padStart(7, "0")}`,
      totalCalls: calls,
      totalTalkSeconds: calls * avgSeconds,
      avgCallDuration: avgSeconds,
      ratingCount,
      ratingSum: Math.round(ratingCount * (2 + ((i * 7) % 20) / 10)),
    };
  });
  for (let i = 0; i < agents.length; i += 500) await db.agent.createMany({ data: agents.slice(i, i + 500) });
  const langs = agents.flatMap((a, i) => {
    const r = i % 20;
    return r < 9 ? [{ agentId: a.id, languageCode: "en" }] : r < 16 ? [{ agentId: a.id, languageCode: "es" }] : [
      { agentId: a.id, languageCode: "en" },
      { agentId: a.id, languageCode: "es" },
    ];
  });
  for (let i = 0; i < langs.length; i += 500) await db.agentLanguage.createMany({ data: langs.slice(i, i + 500) });
  return db;
}

// ------------------------------------------------------------------------------------------------------- server
function build() {
  log(`building the production server into ${DIST} (next build)`);
  const r = spawnSync(resolve(root, "node_modules/.bin/next"), ["build"], { cwd: root, env: serverEnv, stdio: "inherit" });
  if (r.status !== 0) throw new Error("next build failed");
}

async function startServer(): Promise<ChildProcess> {
  // --profile: V8 CPU profiles of the server's workers (the Next processes), one per measured window: the static
  // baseline and each level (bench-results/profile/<window>-<pid>.cpuprofile). Summarise them with
  // `npx tsx scripts/profile-summary.mts bench-results/profile` or open them in Chrome DevTools. (node --cpu-prof on
  // the cluster wrote only the idle primary's profile: the Next worker exits through its own signal handler and never
  // wrote one, and a whole-run profile mixes start-up, warm-up and baseline into the level.) A preloaded hook in each
  // worker starts the profiler on SIGUSR2 and writes the profile on the next one (profileWindow below).
  // `next start` behind node:cluster (scripts/serve-cluster.mjs), one worker per --workers. A Next server is one
  // event loop, i.e. one core; 2 workers on this 2-core machine reach more calls/s, but then routing decisions
  // wait for the other process's SQLite write lock (README "Measured"), so the default is 1, like `next start`.
  const cluster = resolve(root, "scripts/serve-cluster.mjs");
  const env = { ...serverEnv };
  if (options.profile) {
    mkdirSync(PROFILE_DIR, { recursive: true });
    writeFileSync(resolve(PROFILE_DIR, "hook.cjs"), PROFILE_HOOK);
    env.NODE_OPTIONS = `${env.NODE_OPTIONS ?? ""} --require ${resolve(PROFILE_DIR, "hook.cjs")}`.trim();
    env.BENCH_PROFILE_DIR = PROFILE_DIR;
  }
  const child = spawn(process.execPath, [cluster, "--workers", String(options.workers), "--port", String(options.port)], {
    cwd: root,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stderr?.on("data", (d: Buffer) => process.stderr.write(`[server] ${d}`));
  // --server-log FILE keeps the server's structured lines (one per webhook, with its in-handler ms) for analysis.
  if (options.serverLog) child.stdout?.pipe(createWriteStream(options.serverLog));
  else child.stdout?.resume();
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

const PROFILE_DIR = resolve(root, "bench-results/profile");
/** Preloaded into each server worker with --profile: SIGUSR2 starts the CPU profiler, the next writes the profile. */
const PROFILE_HOOK = `if (require("node:cluster").isWorker) {
  const { Session } = require("node:inspector");
  const fs = require("node:fs");
  const dir = process.env.BENCH_PROFILE_DIR;
  let session = null;
  process.on("SIGUSR2", () => {
    if (!session) {
      session = new Session();
      session.connect();
      session.post("Profiler.enable");
      session.post("Profiler.start");
      return;
    }
    const s = session;
    session = null;
    const label = fs.readFileSync(dir + "/window", "utf8").trim();
    s.post("Profiler.stop", (err, r) => {
      if (!err) fs.writeFileSync(dir + "/" + label + "-" + process.pid + ".cpuprofile", JSON.stringify(r.profile));
      s.disconnect();
      fs.writeFileSync(dir + "/written-" + process.pid, label);
    });
  });
}
`;

/** With --profile, runs `measure` inside a CPU profile of every server worker, written as `<label>-<pid>.cpuprofile`. */
async function profileWindow<T>(label: string, serverPid: number, measure: () => Promise<T>): Promise<T> {
  if (!options.profile) return measure();
  const workers = serverPids(serverPid).filter((p) => p !== serverPid);
  writeFileSync(resolve(PROFILE_DIR, "window"), label);
  for (const p of workers) process.kill(p, "SIGUSR2");
  try {
    return await measure();
  } finally {
    for (const p of workers) {
      rmSync(resolve(PROFILE_DIR, `written-${p}`), { force: true });
      process.kill(p, "SIGUSR2");
    }
    for (let i = 0; i < 100 && workers.some((p) => !existsSync(resolve(PROFILE_DIR, `written-${p}`))); i++) await new Promise((r) => setTimeout(r, 100));
  }
}

/** The server's processes: the cluster primary and its workers. */
function serverPids(pid: number): number[] {
  try {
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
    return [pid, ...children];
  } catch {
    return [pid];
  }
}

/** Peak resident memory (VmHWM) of the server: its largest process and all of them together, in MB. */
function peakMemoryMb(pid: number): { largest: number; total: number } {
  let largest = 0;
  let total = 0;
  for (const p of serverPids(pid)) {
    try {
      const kb = Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${p}/status`, "utf8"))?.[1] ?? 0);
      largest = Math.max(largest, kb);
      total += kb;
    } catch {
      /* exited */
    }
  }
  return { largest: largest / 1024, total: total / 1024 };
}

// --------------------------------------------------------------------------------------------- realtime latency
/** The local Pusher server and a pusher-js latency client, in their own process (scripts/bench-realtime.mts). */
async function startRealtime() {
  const child = fork(resolve(root, "scripts/bench-realtime.mts"), [JSON.stringify({ port: options.pusherPort, ...pusherApp })], {
    cwd: root,
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const messages = z.discriminatedUnion("type", [
    z.object({ type: z.literal("ready") }),
    z.object({ type: z.literal("latencies"), values: z.array(z.number()) }),
  ]);
  const next = () =>
    new Promise<z.infer<typeof messages>>((res, rej) => {
      child.once("message", (m) => res(messages.parse(m)));
      child.once("exit", (code) => rej(new Error(`realtime process exited (${code})`)));
    });
  await next();
  return {
    pid: child.pid!,
    /** Latencies received since the previous take. */
    async take(): Promise<number[]> {
      const reply = next();
      child.send({ type: "take" });
      const m = await reply;
      return m.type === "latencies" ? m.values : [];
    },
    async stop() {
      const exited = new Promise((r) => child.once("exit", r));
      child.send({ type: "stop" });
      await exited;
    },
  };
}

/** CPU seconds (user + system) a process and its live children have used so far, from /proc. */
function cpuSeconds(pid: number): number {
  let total = 0;
  for (const p of serverPids(pid)) {
    try {
      const fields = readFileSync(`/proc/${p}/stat`, "utf8").split(") ")[1]!.split(" ");
      total += (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (100 Hz on Linux)
    } catch {
      /* exited */
    }
  }
  return total;
}

/** CPU seconds the whole machine has been busy (all cores: user, nice, system, irq, softirq, steal), from /proc/stat. */
function machineBusySeconds(): number {
  const f = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
  return ((f[0] ?? 0) + (f[1] ?? 0) + (f[2] ?? 0) + (f[5] ?? 0) + (f[6] ?? 0) + (f[7] ?? 0)) / 100;
}

/** CPU seconds used so far by each PostgreSQL backend serving `database` (pid -> seconds). */
async function backendCpu(adminUrl: string, database: string): Promise<Map<number, number>> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const r = await client.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", [database]);
    return new Map(r.rows.map((row) => [row.pid, cpuSeconds(row.pid)]));
  } finally {
    await client.end();
  }
}

// ------------------------------------------------------------------------------------------ database network hop
/** The latency proxy (scripts/bench-latency-proxy.mts) in front of PostgreSQL; the server connects through it. */
async function startLatencyProxy(targetUrl: string, roundTripMs: number) {
  const target = new URL(targetUrl);
  const child = fork(
    resolve(root, "scripts/bench-latency-proxy.mts"),
    [JSON.stringify({ targetHost: target.hostname, targetPort: Number(target.port || 5432), roundTripMs })],
    { cwd: root, execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] },
  );
  const messages = z.discriminatedUnion("type", [
    z.object({ type: z.literal("ready"), port: z.number() }),
    z.object({ type: z.literal("peak"), connections: z.number(), open: z.number() }),
  ]);
  const next = () =>
    new Promise<z.infer<typeof messages>>((res, rej) => {
      child.once("message", (m) => res(messages.parse(m)));
      child.once("exit", (code) => rej(new Error(`latency proxy exited (${code})`)));
    });
  const ready = await next();
  if (ready.type !== "ready") throw new Error("latency proxy did not start");
  const proxied = new URL(targetUrl);
  proxied.hostname = "127.0.0.1";
  proxied.port = String(ready.port);
  return {
    pid: child.pid!,
    /** targetUrl with the proxy's host and port. */
    url: proxied.toString(),
    /** Most connections open through the proxy since the last call (the server's PostgreSQL connections). */
    async peak(): Promise<number> {
      const reply = next();
      child.send({ type: "peak" });
      const m = await reply;
      return m.type === "peak" ? m.connections : NaN;
    },
    async stop() {
      const exited = new Promise((r) => child.once("exit", r));
      child.send({ type: "stop" });
      await exited;
    },
  };
}

/** Median ms of `SELECT 1` round trips on one connection to `url`. */
async function medianRoundTripMs(url: string, samples = 200): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const times: number[] = [];
    for (let i = 0; i < samples; i++) {
      const t = performance.now();
      await client.query("SELECT 1");
      times.push(performance.now() - t);
    }
    return summary(times).p50;
  } finally {
    await client.end();
  }
}

/** Samples the database's open connections (pg_stat_activity) every 100 ms, on the admin URL (not the proxy). */
function sampleConnections(adminUrl: string, database: string) {
  const client = new pg.Client({ connectionString: adminUrl });
  let peak = 0;
  let samples = 0;
  let stopped = false;
  const done = (async () => {
    await client.connect();
    while (!stopped) {
      const r = await client.query<{ n: string }>("SELECT count(*) AS n FROM pg_stat_activity WHERE datname = $1", [database]);
      peak = Math.max(peak, Number(r.rows[0]?.n ?? 0));
      samples++;
      await new Promise((r) => setTimeout(r, 100));
    }
    await client.end();
  })();
  return {
    async stop() {
      stopped = true;
      await done;
      return { peak, samples };
    },
  };
}

// ------------------------------------------------------------------------------------------- statement counts
const StatementSnapshot = z.object({
  enabled: z.boolean(),
  byKey: z.record(
    z.string(),
    z.object({
      scopes: z.number(),
      statements: z.number(),
      minPerScope: z.number(),
      maxPerScope: z.number(),
      meanPerScope: z.number(),
      transactions: z.number(),
      longestTxMs: z.number(),
      texts: z.record(z.string(), z.number()),
      wallMs: z.number(),
      statementMs: z.number(),
    }),
  ),
  unscoped: z.number(),
  peakOpenTransactions: z.number(),
  transactionSpansMs: z.array(z.number()),
  eventLoop: z.object({ delayP50Ms: z.number(), delayP99Ms: z.number(), delayMaxMs: z.number(), utilization: z.number() }).nullable(),
  threadInDriver: z.object({ calls: z.number(), totalMs: z.number(), longestMs: z.number(), over5Ms: z.number() }),
  walCheckpoints: z.object({ mode: z.enum(["thread", "inline"]), checkpoints: z.number(), longestMs: z.number(), restarts: z.number() }).nullable(),
  admission: z
    .object({ limit: z.number(), admitted: z.number(), leasesExpired: z.number(), peakWaiting: z.number(), waitedMsTotal: z.number(), longestWaitMs: z.number() })
    .nullable(),
});
type StatementSnapshot = z.infer<typeof StatementSnapshot>;

/** The server's statement counts (one worker's: with --workers N each process counts its own). */
async function statementCounts(reset: boolean): Promise<StatementSnapshot | null> {
  if (!options.countStatements) return null;
  const res = await http.send(`${BASE}/bench/statements`, { method: reset ? "DELETE" : "GET" });
  if (reset) return null;
  return StatementSnapshot.parse(JSON.parse(res.body));
}

/** Webhooks a caller waits on (stored receipts); the rest are Plivo's status callbacks. */
const CALLER_ROUTES = ["start", "language", "menu", "action", "queue", "dial-result", "feedback"];

// ------------------------------------------------------------------------------------------------ static baseline
async function baseline(send: HttpSend, concurrency: number, seconds: number, serverPid: number) {
  return closedLoop(() => send(`${BASE}/bench/static-xml`, { method: "POST" }), concurrency, seconds, serverPid);
}

/**
 * The second baseline (issue #20): a signed webhook without the database (/bench/signed-xml): the body read, the
 * signature, zod and a rendered menu, as every caller webhook does before its first statement. Its req/s against the
 * static route's is the ceiling of IVR/static on this machine, whatever the database costs.
 */
let floorSeq = 0;
async function signedFloor(concurrency: number, seconds: number, serverPid: number) {
  const request = () => {
    const n = ++floorSeq;
    const params = { CallUUID: `floor-${n}`, From: `+1416${String(5_000_000 + (n % 1_000_000)).padStart(7, "0")}`, To: "+14155550100", CallStatus: "in-progress", Direction: "inbound" };
    return transport({ method: "POST", url: `${BASE}/bench/signed-xml`, params });
  };
  return closedLoop(request, concurrency, seconds, serverPid);
}

/** `concurrency` clients sending `request` back to back for `seconds`: req/s, latency, errors and the server's CPU. */
async function closedLoop(request: () => Promise<{ status: number }>, concurrency: number, seconds: number, serverPid: number) {
  const latencies: number[] = [];
  const cpuAtStart = cpuSeconds(serverPid);
  let errors = 0;
  const end = Date.now() + seconds * 1000;
  const worker = async () => {
    while (Date.now() < end) {
      const t = performance.now();
      try {
        const res = await request();
        if (res.status < 200 || res.status > 299) errors++;
      } catch {
        errors++;
      }
      latencies.push(performance.now() - t);
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = (performance.now() - start) / 1000;
  const cpu = cpuSeconds(serverPid) - cpuAtStart;
  /** Server CPU (all its processes and threads) per request, in ms: with the server saturated, rps ~ cores / this. */
  return { rps: latencies.length / elapsed, latency: summary(latencies), errors, cpuMsPerRequest: (1000 * cpu) / latencies.length, serverCores: cpu / elapsed };
}
type Baseline = Awaited<ReturnType<typeof baseline>>;

/**
 * The static baseline measured before and after a level, as one: req/s and CPU are the means of the two, errors both
 * runs' (each run's latency stays in before / after). This machine's speed drifts by a third within minutes (shared
 * cores), so a baseline taken only before a 45 s level can sit on the other side of a drift from it; the level lies
 * between these two. Both stay in the report, and a wide gap between them says the run's ratio is uncertain.
 */
function bracketed(before: Baseline, after: Baseline) {
  return {
    rps: (before.rps + after.rps) / 2,
    errors: before.errors + after.errors,
    cpuMsPerRequest: (before.cpuMsPerRequest + after.cpuMsPerRequest) / 2,
    serverCores: (before.serverCores + after.serverCores) / 2,
    before,
    after,
  };
}

// ------------------------------------------------------------------------------------------------ call load
const transport = createSigningTransport({ authToken: AUTH_TOKEN, timeoutMs: 40_000, send: http.send });

/** One inbound caller pressing `keys` (language, action, rating); the agent answers after 2 s and talks 90 s. */
function benchCall(from: string, keys: string[], timeScale: number, onEvent?: Parameters<typeof simulateCall>[0]["onEvent"]) {
  return simulateCall({
    transport,
    answerUrl: `${BASE}/ivr/start`,
    hangupUrl: `${BASE}/plivo/callback`,
    direction: "inbound",
    from,
    to: "+14155550100",
    caller: scriptedCaller(keys),
    agent: { kind: "answer", afterSeconds: 2, talkSeconds: 90 },
    timeScale,
    // Queued callers poll /ivr/queue on a compressed hold timer while the queue's own clock is real time.
    maxRequests: 10_000,
    onEvent,
  });
}
/**
 * Unmeasured warm-up: a fresh server loads and JIT-compiles each route on its first requests, which cost up to
 * ~1 s when 50 callers hit a cold route at once, and V8 keeps optimising for a while after (a second 50-caller
 * level measured ~10 % more calls/s than the first after a 5 s warm-up). A long-running server pays that once; so
 * does this benchmark, here, before the first level (the static baseline and every level come after it).
 */
async function warmUp(seconds: number) {
  const end = Date.now() + seconds * 1000;
  let calls = 0;
  const worker = async (w: number) => {
    while (Date.now() < end) {
      calls++;
      const from = `+1416${String(1_000_000 + w * 10_000 + calls).padStart(7, "0")}`;
      await benchCall(from, [w % 2 === 0 ? "1" : "2", calls % 4 === 0 ? "1" : "2", String(1 + (calls % 4))], 0.001);
    }
  };
  await Promise.all(Array.from({ length: 10 }, (_, w) => worker(w)));
  for (let i = 0; i < 200; i++) await http.send(`${BASE}/bench/static-xml`, { method: "POST" });
  await signedFloor(10, 2, server.pid!); // its route JIT-compiled before it is measured
  return calls;
}

type LevelResult = Awaited<ReturnType<typeof runLevel>>;

async function runLevel(concurrency: number, db: ReturnType<typeof createPrismaClient>, realtime: Awaited<ReturnType<typeof startRealtime>>, serverPid: number) {
  const byRoute = new Map<string, number[]>();
  const results: CallResult[] = [];
  let protocolErrors = 0;
  let seq = 0;
  const end = Date.now() + options.duration * 1000;
  await realtime.take(); // drop what arrived before this level
  await statementCounts(true);
  await proxy?.peak(); // start a new peak
  const connectionSampler = options.postgres ? sampleConnections(options.postgres, PG_DATABASE) : null;
  const cpuAtStart = {
    server: cpuSeconds(serverPid),
    realtime: cpuSeconds(realtime.pid),
    generator: process.cpuUsage(),
    machine: machineBusySeconds(),
    proxy: proxy ? cpuSeconds(proxy.pid) : 0,
    // On this machine the database shares the cores with the server: its backends' CPU is counted too.
    backends: options.postgres ? await backendCpu(options.postgres, PG_DATABASE) : null,
  };
  const since = new Date();

  const worker = async (w: number) => {
    // Callers arrive spread over one call's length (~100 simulated seconds), not all at the same instant: identical
    // scripts started together stay in lock-step, and every webhook would arrive in a burst of `concurrency`.
    await new Promise((r) => setTimeout(r, Math.random() * 100_000 * options.timeScale));
    while (Date.now() < end) {
      const n = seq++;
      const language = n % 3 === 2 ? "2" : "1";
      const rating = String(1 + (n % 4));
      const from = `+1415${String(2_000_000 + ((w * 100_000 + n) % 7_999_999)).padStart(7, "0")}`;
      const result = await benchCall(from, [language, "2", rating], options.timeScale, (e) => {
        if (e.type !== "response") return;
        const route = new URL(e.url).pathname;
        let list = byRoute.get(route);
        if (!list) byRoute.set(route, (list = []));
        list.push(e.ms);
      });
      if (result.errors.length > 0) {
        protocolErrors++;
        if (protocolErrors <= 3) console.error(`[bench] call ${result.callUuid} failed: ${result.errors[0]?.message}`);
      }
      results.push(result);
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: concurrency }, (_, w) => worker(w)));
  const elapsed = (performance.now() - start) / 1000;
  const generatorCpu = process.cpuUsage(cpuAtStart.generator);
  const cpu = {
    server: (cpuSeconds(serverPid) - cpuAtStart.server) / elapsed,
    realtime: (cpuSeconds(realtime.pid) - cpuAtStart.realtime) / elapsed,
    generator: (generatorCpu.user + generatorCpu.system) / 1e6 / elapsed,
    machine: (machineBusySeconds() - cpuAtStart.machine) / elapsed,
    proxy: proxy ? (cpuSeconds(proxy.pid) - cpuAtStart.proxy) / elapsed : null,
    postgres: null as number | null,
  };
  if (cpuAtStart.backends && options.postgres) {
    // A backend that opened during the level counts from 0; one that closed during it is missed (the pool keeps them).
    let seconds = 0;
    for (const [pid, now] of await backendCpu(options.postgres, PG_DATABASE)) seconds += now - (cpuAtStart.backends.get(pid) ?? 0);
    cpu.postgres = seconds / elapsed;
  }
  const statements = await statementCounts(false);
  const connections = { sampledPeak: (await connectionSampler?.stop())?.peak ?? null, proxyPeak: proxy ? await proxy.peak() : null };
  await new Promise((r) => setTimeout(r, 500)); // let the last realtime events arrive
  const rtLatencies = await realtime.take();

  const completed = results.filter((r) => r.outcome === "completed" && r.errors.length === 0);
  // Rated: a valid key posted to the feedback question. Not "pressed 3 keys": a queued caller's scripted
  // rating key can land in the hold loop's menu (an invalid choice there) and the caller then skips the rating.
  const rated = completed.filter(ratedAtFeedback);
  const callUuids = rated.map((r) => r.callUuid);
  // In chunks: one IN list per query stays under the database's bound-parameter limit at any call count.
  let feedbackRows = 0;
  for (let i = 0; i < callUuids.length; i += 500) {
    feedbackRows += await db.feedback.count({ where: { call: { callUuid: { in: callUuids.slice(i, i + 500) } } } });
  }

  // Double assignment: two calls holding the same agent at overlapping times.
  const assignments = await db.agentAssignment.findMany({
    where: { assignedAt: { gte: since } },
    select: { agentId: true, assignedAt: true, endedAt: true },
    orderBy: [{ agentId: "asc" }, { assignedAt: "asc" }],
  });
  let doubleAssignments = 0;
  for (let i = 1; i < assignments.length; i++) {
    const prev = assignments[i - 1]!;
    const cur = assignments[i]!;
    if (prev.agentId === cur.agentId && (prev.endedAt === null || prev.endedAt > cur.assignedAt)) doubleAssignments++;
  }
  const decisions = await db.routingDecision.findMany({ where: { createdAt: { gte: since } }, select: { durationMicros: true } });

  const webhookCount = [...byRoute.values()].reduce((a, l) => a + l.length, 0);
  return {
    concurrency,
    seconds: elapsed,
    calls: results.length,
    completed: completed.length,
    callsPerSecond: completed.length / elapsed,
    webhookRps: webhookCount / elapsed,
    /** Server CPU per webhook in ms (all its processes and threads, including work after the responses). */
    cpuMsPerWebhook: (1000 * cpu.server * elapsed) / webhookCount,
    routes: Object.fromEntries([...byRoute.entries()].sort().map(([k, v]) => [k, summary(v)])),
    allWebhooks: summary([...byRoute.values()].flat()),
    routingMs: summary(decisions.map((d) => d.durationMicros / 1000)),
    ratedCalls: rated.length,
    feedbackRows,
    lostFeedback: Math.max(0, rated.length - feedbackRows),
    duplicatedFeedback: Math.max(0, feedbackRows - rated.length),
    doubleAssignments,
    protocolErrors,
    realtime: summary(rtLatencies),
    /** Cores busy during the level (1.0 = one core the whole time), per process. */
    cpu,
    statements: statements && statementSummary(statements),
    /** PostgreSQL connections of the run's database: pg_stat_activity's peak, and the proxy's (with --db-latency). */
    connections,
  };
}

/** Per route and per decision: statements per request (mean, min-max), transactions, the longest span. */
function statementSummary(snap: StatementSnapshot) {
  const perKey = Object.fromEntries(
    Object.entries(snap.byKey).map(([key, t]) => [
      key,
      {
        requests: t.scopes,
        meanStatements: t.meanPerScope,
        min: t.minPerScope,
        max: t.maxPerScope,
        statements: t.statements,
        transactionsPerRequest: t.scopes ? t.transactions / t.scopes : 0,
        longestTxMs: t.longestTxMs,
        // Mean in-server time of one request (or decision), and how much of it its statements took (pool wait, round
        // trip, the event loop's turn to read the result): what is left is CPU and waiting for the event loop.
        meanWallMs: t.scopes ? t.wallMs / t.scopes : NaN,
        meanStatementMs: t.scopes ? t.statementMs / t.scopes : NaN,
        texts: t.texts,
      },
    ]),
  );
  const caller = CALLER_ROUTES.map((k) => snap.byKey[k]).filter((t) => t !== undefined);
  const callerRequests = caller.reduce((n, t) => n + t.scopes, 0);
  const callerStatements = caller.reduce((n, t) => n + t.statements, 0);
  const after = Object.entries(snap.byKey).filter(([k]) => k.endsWith(":after")).reduce((n, [, t]) => n + t.statements, 0);
  return {
    perKey,
    /** Statements per caller webhook, averaged over every caller webhook of the level (the issue's "round trips"). */
    meanPerCallerWebhook: callerRequests ? callerStatements / callerRequests : NaN,
    statementsAfterResponse: after,
    unscoped: snap.unscoped,
    transactionSpanMs: summary(snap.transactionSpansMs),
    peakOpenTransactions: snap.peakOpenTransactions,
    eventLoop: snap.eventLoop,
    threadInDriver: snap.threadInDriver,
    walCheckpoints: snap.walCheckpoints,
    admission: snap.admission,
  };
}

function printLevel(r: LevelResult, base: ReturnType<typeof bracketed>, floor: Baseline, mem: ReturnType<typeof peakMemoryMb>) {
  const { before, after } = base;
  const rows: [string, string][] = [
    ["concurrent callers", `${r.concurrency}  (agent wrap-up ${wrapUpSeconds} s)`],
    ["completed calls / s", `${fmt(r.callsPerSecond)}  (${r.completed} of ${r.calls} in ${fmt(r.seconds)} s)`],
    ["webhook requests / s", fmt(r.webhookRps)],
    ["static XML baseline req/s (before / after the level)", `${fmt(base.rps)}  (${fmt(before.rps)} / ${fmt(after.rps)}; p99 ${fmt(before.latency.p99)} / ${fmt(after.latency.p99)} ms)`],
    ["IVR throughput / static", `${fmt((100 * r.webhookRps) / base.rps)} %  (${fmt((100 * r.webhookRps) / before.rps)} / ${fmt((100 * r.webhookRps) / after.rps)} % against each)`],
    [
      "signed webhook without the database req/s",
      `${fmt(floor.rps)}  (${fmt((100 * floor.rps) / after.rps)} % of the static run just before it: the ceiling of IVR/static; server CPU ${fmt(floor.cpuMsPerRequest, 2)} ms per request, p99 ${fmt(floor.latency.p99)} ms)`,
    ],
    // Both sides are closed loops at saturation: the ratio is about the inverse ratio of these, when both use ~1 core.
    ["server CPU ms per request: static / IVR webhook", `${fmt(base.cpuMsPerRequest, 2)} / ${fmt(r.cpuMsPerWebhook, 2)}  (static ${fmt(before.cpuMsPerRequest, 2)} / ${fmt(after.cpuMsPerRequest, 2)}; server cores busy ${fmt(base.serverCores, 2)} / ${fmt(r.cpu.server, 2)})`],
    ["webhook p50 / p95 / p99 ms", `${fmt(r.allWebhooks.p50)} / ${fmt(r.allWebhooks.p95)} / ${fmt(r.allWebhooks.p99)}`],
    ...Object.entries(r.routes).map(([route, s]): [string, string] => [`  ${route}`, `${fmt(s.p50)} / ${fmt(s.p95)} / ${fmt(s.p99)}  (n=${s.n})`]),
    ["routing decision p50 / p99 ms", `${fmt(r.routingMs.p50, 2)} / ${fmt(r.routingMs.p99, 2)}  (n=${r.routingMs.n})`],
    ["realtime publish->receive p50 / p99 ms", `${fmt(r.realtime.p50)} / ${fmt(r.realtime.p99)}  (n=${r.realtime.n})`],
    ["double assignments", String(r.doubleAssignments)],
    ["lost / duplicated feedback", `${r.lostFeedback} / ${r.duplicatedFeedback}  (${r.feedbackRows} stored for ${r.ratedCalls} rated calls)`],
    ["HTTP / protocol errors", String(r.protocolErrors)],
    ["server peak memory (VmHWM)", `${fmt(mem.largest)} MB largest process, ${fmt(mem.total)} MB all ${options.workers + 1} processes`],
    [
      `CPU cores used: server / load generator / realtime${r.cpu.postgres !== null ? " / PostgreSQL backends" : ""}${r.cpu.proxy !== null ? " / latency proxy" : ""}; whole machine`,
      `${fmt(r.cpu.server, 2)} / ${fmt(r.cpu.generator, 2)} / ${fmt(r.cpu.realtime, 2)}${r.cpu.postgres !== null ? ` / ${fmt(r.cpu.postgres, 2)}` : ""}${r.cpu.proxy !== null ? ` / ${fmt(r.cpu.proxy, 2)}` : ""}; ${fmt(r.cpu.machine, 2)} of ${availableParallelism()} cores busy`,
    ],
    ...statementRows(r),
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  console.log("");
  for (const [k, v] of rows) console.log(`${k.padEnd(width)}  ${v}`);
}

function statementRows(r: LevelResult): [string, string][] {
  const rows: [string, string][] = [];
  const st = r.statements;
  if (st) {
    rows.push(["statements per caller webhook (mean)", `${fmt(st.meanPerCallerWebhook, 2)}  (counted in the server; ${st.statementsAfterResponse} more after responses, ${st.unscoped} outside webhooks)`]);
    rows.push(["statements per request: mean (min-max), tx/request, longest tx ms; in-server ms: mean, in statements", ""]);
    for (const [key, t] of Object.entries(st.perKey)) {
      if (key.endsWith(":after")) continue;
      rows.push([`  ${key}`, `${fmt(t.meanStatements, 2)} (${t.min}-${t.max}), ${fmt(t.transactionsPerRequest, 2)} tx, ${fmt(t.longestTxMs)} ms; ${fmt(t.meanWallMs)} ms, ${fmt(t.meanStatementMs)} in statements  (n=${t.requests})`]);
    }
    rows.push(["transaction span p50 / p99 / max ms", `${fmt(st.transactionSpanMs.p50, 2)} / ${fmt(st.transactionSpanMs.p99, 2)} / ${fmt(st.transactionSpanMs.max, 2)}  (n=${st.transactionSpanMs.n}; BEGIN answered to COMMIT sent: the longest a row lock was held)`]);
    rows.push(["peak open transactions (server process)", String(st.peakOpenTransactions)]);
    if (st.eventLoop) {
      const l = st.eventLoop;
      rows.push(["server event loop: timer late p50 / p99 / max ms, busy", `${fmt(l.delayP50Ms, 1)} / ${fmt(l.delayP99Ms, 1)} / ${fmt(l.delayMaxMs, 1)}, ${fmt(100 * l.utilization)} %  (how long a callback waited for its turn)`]);
    }
    const t = st.threadInDriver;
    rows.push(["server thread inside driver calls: ms per second, longest ms, calls over 5 ms", `${fmt(t.totalMs / r.seconds)} / ${fmt(t.longestMs, 1)} / ${t.over5Ms}  (${t.calls} calls; SQLite runs each statement there, PostgreSQL only sends it)`]);
    const w = st.walCheckpoints;
    const a = st.admission;
    rows.push([
      "webhook admission (WEBHOOK_CONCURRENCY): limit; wait mean / longest ms, peak waiting",
      a
        ? `${a.limit}; ${fmt(a.admitted ? a.waitedMsTotal / a.admitted : NaN, 1)} / ${fmt(a.longestWaitMs, 1)}, ${a.peakWaiting}  (${a.admitted} admitted, ${a.leasesExpired} leases expired)`
        : "no limit",
    ]);
    if (w) rows.push(["SQLite WAL checkpoints", w.mode === "thread" ? `on their own thread: ${w.checkpoints}, longest ${fmt(w.longestMs, 1)} ms (${w.restarts} restarts)` : "inline, inside commits on the server's thread (SQLITE_CHECKPOINT_THREAD=off)"]);
  }
  if (r.connections.sampledPeak !== null) {
    rows.push(["peak PostgreSQL connections", `${r.connections.sampledPeak} (pg_stat_activity)${r.connections.proxyPeak !== null ? `, ${r.connections.proxyPeak} through the latency proxy` : ""}`]);
  }
  return rows;
}

/**
 * With --dashboards, both legs of a level start from a free floor: no agent on a call or in a wrap-up that has not
 * run out. (Wrap-up lasts AGENT_WRAP_UP_SECONDS of real time whatever --time-scale, so the second leg inherited the
 * first's wrap-ups, queued callers and completed fewer calls for that alone.) At most 60 s; returns seconds waited.
 */
async function untilFloorIsFree(db: ReturnType<typeof createPrismaClient>): Promise<number> {
  const start = Date.now();
  while (Date.now() - start < 60_000) {
    const held = await db.agent.count({ where: { OR: [{ status: "BUSY" }, { status: "WRAP_UP", wrapUpUntil: { gt: new Date() } }] } });
    if (held === 0) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  return Math.round((Date.now() - start) / 100) / 10;
}

// ------------------------------------------------------------------------------------------------------- main
const db = await prepareDatabase();
log(`floor: ${options.agents} agents (en/es/bilingual), wrap-up ${wrapUpSeconds} s, database ${databaseLabel}${options.postgres ? `, prepared statements ${options.preparedStatements === "1" ? "on" : "off"}` : ""}`);
if (!options.skipBuild) build();
// --db-latency: the server (only) reaches PostgreSQL through the proxy; the bench's own checks go direct.
const proxy = options.dbLatency !== undefined ? await startLatencyProxy(DATABASE_URL, options.dbLatency) : null;
const network: { requestedMs: number; directMs: number; proxiedMs: number } | null = proxy
  ? { requestedMs: options.dbLatency!, directMs: await medianRoundTripMs(DATABASE_URL), proxiedMs: await medianRoundTripMs(proxy.url) }
  : null;
if (proxy && network) {
  serverEnv.DATABASE_URL = proxy.url;
  log(
    `database round trip: ${fmt(network.directMs, 2)} ms direct, ${fmt(network.proxiedMs, 2)} ms through the latency proxy ` +
      `(requested +${network.requestedMs} ms, measured +${fmt(network.proxiedMs - network.directMs, 2)} ms; median of 200 SELECT 1)`,
  );
}
const realtime = await startRealtime();
const server = await startServer();
const report: { at: string; options: typeof options; network: typeof network; levels: unknown[] } = { at: new Date().toISOString(), options, network, levels: [] };
let failed = false;
try {
  log(`warming up (unmeasured): ${await warmUp(options.warmupSeconds)} calls`);
  for (const c of levels) {
    log(`static baseline at ${c} concurrent for ${options.baselineSeconds} s`);
    const first = await profileWindow(`static-${c}`, server.pid!, () => baseline(http.send, c, options.baselineSeconds, server.pid!));
    if (options.dashboards > 0) log(`floor free after ${await untilFloorIsFree(db)} s`);
    log(`${c} concurrent callers for ${options.duration} s`);
    const r = await profileWindow(`level-${c}`, server.pid!, () => runLevel(c, db, realtime, server.pid!));
    log(`static baseline again at ${c} concurrent for ${options.baselineSeconds} s (the ratio uses both)`);
    const base = bracketed(first, await baseline(http.send, c, options.baselineSeconds, server.pid!));
    log(`signed webhook without the database at ${c} concurrent for ${options.baselineSeconds} s (the ceiling of IVR/static)`);
    const floor = await signedFloor(c, options.baselineSeconds, server.pid!);
    const mem = peakMemoryMb(server.pid!);
    printLevel(r, base, floor, mem);
    let withDashboards: unknown;
    if (options.dashboards > 0) {
      // The same level again with N supervisors watching: the server's extra CPU is what open dashboards cost.
      log(`floor free after ${await untilFloorIsFree(db)} s`);
      const cookie = await signIn(BASE, "bench@example.com", "bench-password");
      const dashboards = await openDashboards({ n: options.dashboards, base: BASE, cookie, pusher: { app: pusherApp, host: "127.0.0.1", port: options.pusherPort } });
      log(`${c} concurrent callers for ${options.duration} s with ${options.dashboards} open dashboards`);
      const rd = await runLevel(c, db, realtime, server.pid!);
      dashboards.close();
      const d = dashboards.stats;
      const perCall = (x: LevelResult) => (x.completed > 0 ? (1000 * x.cpu.server * x.seconds) / x.completed : NaN);
      const rows: [string, string][] = [
        [`open dashboards`, `0 -> ${options.dashboards}`],
        ["completed calls / s", `${fmt(r.callsPerSecond)} -> ${fmt(rd.callsPerSecond)}`],
        ["webhook p50 / p99 ms", `${fmt(r.allWebhooks.p50)} / ${fmt(r.allWebhooks.p99)} -> ${fmt(rd.allWebhooks.p50)} / ${fmt(rd.allWebhooks.p99)}`],
        ["server CPU cores", `${fmt(r.cpu.server, 2)} -> ${fmt(rd.cpu.server, 2)}  (ratio ${fmt(rd.cpu.server / r.cpu.server, 2)})`],
        ["server CPU ms per completed call", `${fmt(perCall(r), 2)} -> ${fmt(perCall(rd), 2)}  (ratio ${fmt(perCall(rd) / perCall(r), 2)})`],
        ["full re-renders / s (all dashboards)", `${fmt(d.refreshes / rd.seconds, 2)}  (${d.refreshes} in ${fmt(rd.seconds)} s, ${fmt(d.refreshBytes / 1024, 0)} KB; p50 / p95 ${fmt(summary(d.ms).p50)} / ${fmt(summary(d.ms).p95)} ms; by page ${JSON.stringify(d.byPage)})`],
        ["partial re-fetches / s (all dashboards)", `${fmt(d.patches / rd.seconds, 2)}  (${d.patches}, ${fmt(d.patchBytes / 1024, 0)} KB; p50 / p95 ${fmt(summary(d.patchMs).p50)} / ${fmt(summary(d.patchMs).p95)} ms)`],
        ["fetches and KB per dashboard per s", `${fmt((d.refreshes + d.patches) / rd.seconds / options.dashboards, 2)} fetches, ${fmt((d.refreshBytes + d.patchBytes) / 1024 / rd.seconds / options.dashboards, 1)} KB`],
        ["signals received, gaps, errors", `${d.signals}, ${d.gaps} gaps, ${d.errors} errors, statuses ${JSON.stringify(d.statuses)}`],
      ];
      const width = Math.max(...rows.map(([k]) => k.length));
      console.log(`\nwith ${options.dashboards} open dashboards (pages ${[...new Set(Array.from({ length: options.dashboards }, (_, i) => DASHBOARD_PAGES[i % DASHBOARD_PAGES.length]))].join(", ")})`);
      for (const [k, v] of rows) console.log(`${k.padEnd(width)}  ${v}`);
      withDashboards = { level: rd, dashboards: { n: options.dashboards, refreshes: d.refreshes, refreshBytes: d.refreshBytes, patches: d.patches, patchBytes: d.patchBytes, signals: d.signals, gaps: d.gaps, errors: d.errors, refreshMs: summary(d.ms), patchMs: summary(d.patchMs) }, cpuRatio: rd.cpu.server / r.cpu.server, cpuPerCallRatio: perCall(rd) / perCall(r) };
      if (d.errors > 0 || rd.protocolErrors > 0 || rd.doubleAssignments > 0) failed = true;
    }
    report.levels.push({ ...r, baseline: base, signedFloor: floor, peakMemoryMb: mem.largest, peakMemoryMbAllProcesses: mem.total, withDashboards });
    if (r.doubleAssignments > 0 || r.lostFeedback > 0 || r.duplicatedFeedback > 0 || r.protocolErrors > 0 || base.errors > 0 || floor.errors > 0) failed = true;
  }
} finally {
  http.close();
  server.kill("SIGTERM");
  await new Promise((r) => server.once("exit", r));
  await realtime.stop();
  await proxy?.stop();
  await db.$disconnect();
  if (options.postgres) await dropDatabase(options.postgres, PG_DATABASE);
}
const out = options.out ?? resolve(root, "bench-results", `bench-${report.at.replace(/[:.]/g, "-")}.json`);
mkdirSync(resolve(out, ".."), { recursive: true });
writeFileSync(out, JSON.stringify(report, null, 2));
log(`results written to ${out}`);
process.exit(failed ? 1 : 0);

/**
 * Whether the caller's key reached the feedback question: the simulator enters the "feedback" step when it posts a
 * GetDigits action there, so a rating is a "feedback" step entered right after a valid key (not after a no-input).
 */
function ratedAtFeedback(r: CallResult): boolean {
  let lastKey: "valid" | "other" = "other";
  for (const e of r.events) {
    if (e.type === "digits") lastKey = e.valid ? "valid" : "other";
    else if (e.type === "no-input") lastKey = "other";
    else if (e.type === "step" && e.step === "feedback" && lastKey === "valid") return true;
  }
  return false;
}
