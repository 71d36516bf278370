// Dashboard reads at production volume (npm run bench:data): seeds a realistic history straight into a fresh
// database with multi-row INSERTs in transactions, starts the production server, signs in as a supervisor over
// HTTP and times every dashboard page and JSON API (server time as the client sees it, on localhost), the server's
// memory while serving analytics, then one pruning pass with a concurrent writer measuring how long it waited.
//
//   npm run bench:data -- [--calls 1000000] [--days 90] [--agents 500] [--samples 5] [--prune-days 30]
//                         [--postgres postgresql://user@host:5432/postgres] [--skip-build] [--skip-seed] [--port 3210]
//
// SQLite: a fresh .data/bench-data.db. PostgreSQL: a fresh database "ivr_bench_data" on that server (dropped at the
// end). Prints a table and writes JSON to bench-results/.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { resolve } from "node:path";
import { z } from "zod";
import { createPrismaClient, tuneSqlite, type Db } from "../lib/db/client.ts";
import { direct } from "../lib/db/direct.ts";
import { migrateDeploy } from "../lib/db/migrate.ts";
import { seedDatabase } from "../lib/db/seed.ts";
import { Prisma } from "../lib/db/sql.ts";
import { pruneOnce } from "../lib/retention/prune.ts";
import { dropDatabase, postgresUrlFor, runAdmin } from "../tests/setup/postgres.ts";

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
    skipBuild: z.boolean(),
    skipSeed: z.boolean(),
  })
  .parse({
    calls: flag("calls"), days: flag("days"), agents: flag("agents"), samples: flag("samples"), pruneDays: flag("prune-days"),
    port: flag("port"), postgres: flag("postgres"), skipBuild: argv.includes("--skip-build"), skipSeed: argv.includes("--skip-seed"),
  });

const DIST = ".next-bench-data";
const DB_FILE = resolve(root, ".data/bench-data.db");
const PG_DATABASE = "ivr_bench_data";
const DATABASE_URL = options.postgres ? postgresUrlFor(options.postgres, PG_DATABASE) : `file:${DB_FILE}`;
const BASE = `http://localhost:${options.port}`;
const ZONE = "America/New_York";
const SUPERVISOR = { email: "bench@example.com", password: "bench-password" };
const log = (line: string) => console.log(`[bench:data] ${line}`);

// ------------------------------------------------------------------------------------------------------ seeding
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Row = Record<string, string | number | boolean | Date | null>;

/** Multi-row INSERTs of `rows` (same keys), as many rows per statement as the parameter limit allows. */
async function insert(tx: { $executeRaw(q: Prisma.Sql): Promise<number> }, table: string, rows: Row[]) {
  if (rows.length === 0) return;
  const cols = Object.keys(rows[0]!);
  const per = Math.max(1, Math.floor(30_000 / cols.length));
  for (let i = 0; i < rows.length; i += per) {
    const values = rows.slice(i, i + per).map((r) => Prisma.sql`(${Prisma.join(cols.map((c) => r[c]))})`);
    await tx.$executeRaw(Prisma.sql`INSERT INTO ${Prisma.raw(`"${table}"`)} (${Prisma.raw(cols.map((c) => `"${c}"`).join(", "))}) VALUES ${Prisma.join(values)}`);
  }
}

// better-sqlite3 ships no types; the four calls used here.
type SqliteStatement = { run(params: unknown[]): unknown };
type SqliteFile = {
  pragma(s: string): unknown;
  prepare(sql: string): SqliteStatement;
  transaction<A extends unknown[]>(fn: (...a: A) => void): (...a: A) => void;
  close(): void;
};
const Database = createRequire(import.meta.url)("better-sqlite3") as new (file: string) => SqliteFile;

/** SQLite fast path: better-sqlite3 prepared single-row INSERTs in one transaction per chunk (~10x the generic path). */
function sqliteInserter() {
  const file = new Database(DB_FILE);
  file.pragma("journal_mode = WAL");
  file.pragma("synchronous = OFF");
  const statements = new Map<string, SqliteStatement>();
  const cell = (v: Row[string]) => (v instanceof Date ? v.toISOString().replace("Z", "+00:00") : typeof v === "boolean" ? (v ? 1 : 0) : v);
  return {
    run: file.transaction((tables: Array<[string, Row[]]>) => {
      for (const [table, rows] of tables) {
        if (rows.length === 0) continue;
        const cols = Object.keys(rows[0]!);
        const key = `${table}:${cols.join(",")}`;
        let st = statements.get(key);
        if (!st) {
          st = file.prepare(`INSERT INTO "${table}" (${cols.map((c) => `"${c}"`).join(", ")}) VALUES (${cols.map(() => "?").join(", ")})`);
          statements.set(key, st);
        }
        for (const r of rows) st.run(cols.map((c) => cell(r[c]!)));
      }
    }),
    close: () => file.close(),
  };
}

async function seed(db: Db) {
  const t0 = performance.now();
  await seedDatabase(db, SUPERVISOR, { demoAgents: false });
  const rand = rng(2026);
  const agents = Array.from({ length: options.agents }, (_, i) => ({
    id: `a${i}`, name: `Agent ${i}`, phone: `+1555${String(1_000_000 + i).padStart(7, "0")}`, status: i % 5 === 0 ? "BUSY" : "AVAILABLE",
    totalCalls: 0, totalTalkSeconds: 0, avgCallDuration: 0, ratingSum: 0, ratingCount: 0, coachingFlag: false, consecutiveMisses: 0,
    idleSince: new Date(), createdAt: new Date(), updatedAt: new Date(),
  }));
  const sql = direct(db);
  await sql.$transaction(async (tx) => {
    await insert(tx, "Agent", agents);
    await insert(tx, "AgentLanguage", agents.flatMap((a, i) => (i % 5 === 4 ? ["en", "es"] : [i % 5 < 3 ? "en" : "es"]).map((languageCode) => ({ agentId: a.id, languageCode }))));
  });
  const now = Date.now();
  const span = options.days * 86_400_000;
  const CHUNK = 5_000;
  const fast = options.postgres ? null : sqliteInserter();
  const counts = { calls: 0, events: 0, decisions: 0, candidates: 0, assignments: 0, feedback: 0, receipts: 0 };
  for (let base = 0; base < options.calls; base += CHUNK) {
    const calls: Row[] = [], events: Row[] = [], decisions: Row[] = [], candidates: Row[] = [], assignments: Row[] = [], feedback: Row[] = [], receipts: Row[] = [];
    for (let i = base; i < Math.min(options.calls, base + CHUNK); i++) {
      // Calls spread evenly over the period in order (i = oldest first), busier by day than by night.
      const dayStart = now - span + Math.floor((i / options.calls) * options.days) * 86_400_000;
      const hour = Math.min(23, Math.floor(8 + (rand() + rand() + rand()) / 3 * 12 + (rand() < 0.15 ? rand() * 12 - 8 : 0)));
      const startedAt = new Date(Math.min(now - 60_000, dayStart + hour * 3_600_000 + Math.floor(rand() * 3_600_000)));
      const id = `c${String(i).padStart(8, "0")}`;
      const lang = rand() < 0.6 ? "en" : "es";
      const routed = rand() < 0.85;
      const routedAt = routed ? new Date(startedAt.getTime() + 20_000) : null;
      const answered = routed && rand() < 0.85;
      const wait = answered ? Math.floor(-Math.log(1 - rand()) * 15_000) : 0;
      const connectedAt = answered ? new Date(routedAt!.getTime() + wait) : null;
      const talk = answered ? 30 + Math.floor(rand() * 570) : null;
      const agentId = answered ? `a${Math.floor(rand() * options.agents)}` : null;
      const endedAt = new Date(startedAt.getTime() + 40_000 + wait + (talk ?? 0) * 1000);
      const status = answered || !routed ? "COMPLETED" : "ABANDONED";
      calls.push({
        id, callUuid: `u${id}`, direction: rand() < 0.8 ? "INBOUND" : "OUTBOUND", from: `+1202${String(5_550_000 + (i % 9_999)).padStart(7, "0")}`,
        to: "+14155550000", languageCode: lang, step: "DONE", stepAttempts: 0, stepEnteredAt: endedAt, status, agentId,
        dialAttempts: answered ? 1 : 0, startedAt, answeredAt: startedAt, queuedAt: routed && wait > 5_000 ? routedAt : null,
        agentConnectedAt: connectedAt, agentEndedAt: connectedAt ? endedAt : null, endedAt, duration: Math.round((endedAt.getTime() - startedAt.getTime()) / 1000),
        agentTalkSeconds: talk, hangupCause: "NORMAL_CLEARING", routedAt, createdAt: startedAt, updatedAt: endedAt,
      });
      for (const [k, type] of ["call.started", "ivr.language", "ivr.menu", "call.ended"].entries()) {
        events.push({ callId: id, type, detail: null, at: new Date(startedAt.getTime() + k * 5_000) });
      }
      if (routed) {
        // A queue poll that changed something: one decision, two candidates (polls that change nothing write none).
        const decisionId = `d${id}`;
        decisions.push({ id: decisionId, callId: id, languageCode: lang, outcome: answered ? "ASSIGNED" : "QUEUED", chosenAgentId: agentId, candidateCount: 2, claimAttempts: 1, durationMicros: 400, createdAt: routedAt });
        for (const rank of [1, 2]) {
          candidates.push({ decisionId, agentId: rank === 1 && agentId ? agentId : `a${(i + rank) % options.agents}`, rank, score: 10 + rank, recentCalls: 1, avgDuration: 200, avgRating: 3, ratingCount: 10, claimed: rank === 1 && answered });
        }
      }
      if (answered) {
        assignments.push({ id: `g${id}`, agentId, callId: id, assignedAt: routedAt, outcome: "ANSWERED", endedAt });
        if (rand() < 0.6) feedback.push({ id: `f${id}`, callId: id, agentId, rating: 1 + Math.floor(rand() * 4), callDuration: talk, createdAt: new Date(endedAt.getTime() - 10_000) });
      }
      // Receipts live 24 h: only the last two days' calls still have theirs (five webhooks, with the XML answer).
      if (startedAt.getTime() > now - 2 * 86_400_000) {
        for (const step of ["start", "language", "menu", "agent", "feedback"]) {
          receipts.push({ key: `${id}:${step}`, response: `<Response><Speak>${step} prompt for the caller, as Plivo received it</Speak></Response>`, createdAt: new Date(startedAt.getTime() + 1000) });
        }
      }
    }
    if (fast) {
      fast.run([["Call", calls], ["CallEvent", events], ["RoutingDecision", decisions], ["RoutingCandidate", candidates], ["AgentAssignment", assignments], ["Feedback", feedback], ["WebhookReceipt", receipts]]);
    } else await sql.$transaction(async (tx) => {
      await insert(tx, "Call", calls);
      await insert(tx, "CallEvent", events);
      await insert(tx, "RoutingDecision", decisions);
      await insert(tx, "RoutingCandidate", candidates);
      await insert(tx, "AgentAssignment", assignments);
      await insert(tx, "Feedback", feedback);
      await insert(tx, "WebhookReceipt", receipts);
    });
    counts.calls += calls.length; counts.events += events.length; counts.decisions += decisions.length; counts.candidates += candidates.length;
    counts.assignments += assignments.length; counts.feedback += feedback.length; counts.receipts += receipts.length;
    if ((base / CHUNK) % 20 === 0) log(`seeded ${counts.calls.toLocaleString("en-US")} calls (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
  }
  fast?.close();
  // Agent statistics as the router keeps them, from the seeded calls and ratings.
  await sql.$executeRaw`UPDATE "Agent" SET
    "totalCalls" = (SELECT COUNT(*) FROM "Call" c WHERE c."agentId" = "Agent"."id"),
    "totalTalkSeconds" = COALESCE((SELECT SUM(c."agentTalkSeconds") FROM "Call" c WHERE c."agentId" = "Agent"."id"), 0),
    "ratingSum" = COALESCE((SELECT SUM(f."rating") FROM "Feedback" f WHERE f."agentId" = "Agent"."id"), 0),
    "ratingCount" = (SELECT COUNT(*) FROM "Feedback" f WHERE f."agentId" = "Agent"."id")`;
  await sql.$executeRaw`UPDATE "Agent" SET "avgCallDuration" = CASE WHEN "totalCalls" > 0 THEN CAST("totalTalkSeconds" AS DOUBLE PRECISION) / "totalCalls" ELSE 0 END`;
  await sql.$executeRaw`ANALYZE`;
  const seconds = (performance.now() - t0) / 1000;
  log(`seeded ${JSON.stringify(counts)} in ${seconds.toFixed(1)} s`);
  return { ...counts, seconds };
}

async function databaseMb(db: Db): Promise<number> {
  if (options.postgres) {
    const [r] = await db.$queryRawUnsafe<Array<{ n: bigint }>>(`SELECT pg_database_size('${PG_DATABASE}') AS n`);
    return Number(r!.n) / 1e6;
  }
  // Pages in use (a DELETE frees pages for reuse; the file itself only shrinks with VACUUM).
  const [p] = await db.$queryRawUnsafe<Array<{ page_count: bigint }>>("PRAGMA page_count");
  const [f] = await db.$queryRawUnsafe<Array<{ freelist_count: bigint }>>("PRAGMA freelist_count");
  const [s] = await db.$queryRawUnsafe<Array<{ page_size: bigint }>>("PRAGMA page_size");
  return ((Number(p!.page_count) - Number(f!.freelist_count)) * Number(s!.page_size)) / 1e6;
}

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

/** Sign in through Auth.js's credentials endpoint; returns the Cookie header for later requests. */
async function signIn(): Promise<string> {
  const csrf = await fetch(`${BASE}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const jar = new Map<string, string>();
  const keep = (r: Response) => {
    for (const c of r.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const eq = pair!.indexOf("=");
      jar.set(pair!.slice(0, eq), pair!.slice(eq + 1));
    }
  };
  keep(csrf);
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const r = await fetch(`${BASE}/api/auth/callback/credentials`, {
    method: "POST", redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie() },
    body: new URLSearchParams({ csrfToken, email: SUPERVISOR.email, password: SUPERVISOR.password, callbackUrl: `${BASE}/` }),
  });
  keep(r);
  if (![...jar.keys()].some((k) => k.includes("session-token"))) throw new Error(`sign-in failed (${r.status})`);
  return cookie();
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
if (!options.skipSeed) migrateDeploy(DATABASE_URL, root);
const db = createPrismaClient(DATABASE_URL);
await tuneSqlite(db, DATABASE_URL);
const seeded = options.skipSeed ? null : await seed(db);
const sampleCall = (await db.call.findFirstOrThrow({ where: { agentId: { not: null } }, orderBy: { startedAt: "desc" }, select: { id: true } })).id;
const mbBefore = await databaseMb(db);

if (!options.skipBuild) {
  log(`building the production server into ${DIST}`);
  const r = spawnSync(resolve(root, "node_modules/.bin/next"), ["build"], { cwd: root, env: serverEnv, stdio: "inherit" });
  if (r.status !== 0) throw new Error("next build failed");
}
const server = await startServer();
const results: Timing[] = [];
let memory = { before: 0, after: 0, peak: 0 };
try {
  const cookie = await signIn();
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
  const before = memoryMb(server.pid!);
  for (const days of [1, 7, 30, 90]) {
    results.push(await time(`analytics ${days === 1 ? "today" : `${days} days`}`, `/analytics?days=${days}`, cookie));
    results.push(await time(`API analytics ${days} d`, `/api/analytics?days=${days}`, cookie));
  }
  const after = memoryMb(server.pid!);
  memory = { before: before.rss, after: after.rss, peak: after.hwm };
  results.push(await time("CSV export: calls, today", "/api/export/calls?days=1", cookie));
  results.push(await time("CSV export: agent summary, 90 days", "/api/export/agents?days=90", cookie));
  results.push(await time("CSV export: calls, 7 days", "/api/export/calls?days=7", cookie));
} finally {
  server.kill();
}

// Pruning: detail older than --prune-days goes; a second connection writes one row every 5 ms meanwhile and
// records how long each write took (a webhook's statement would wait the same for the write lock).
log(`pruning detail older than ${options.pruneDays} days`);
const writer = createPrismaClient(DATABASE_URL);
await tuneSqlite(writer, DATABASE_URL);
const delays: number[] = [];
let pruning = true;
const probe = (async () => {
  for (let i = 0; pruning; i++) {
    const t = performance.now();
    await direct(writer).$executeRaw`INSERT INTO "RateLimit" ("key", "count", "windowEnd") VALUES (${`probe${i}`}, ${1}, ${new Date()})`;
    delays.push(performance.now() - t);
    await new Promise((r) => setTimeout(r, 5));
  }
})();
const prune = await pruneOnce(db, { policy: { eventsDays: options.pruneDays, decisionsDays: options.pruneDays, assignmentsDays: options.pruneDays, receiptsHours: 24 }, timeBudgetMs: 3_600_000 });
pruning = false;
await probe;
const mbAfter = await databaseMb(db);
delays.sort((a, b) => a - b);
const write = { n: delays.length, p50: delays[Math.floor(delays.length / 2)] ?? 0, p99: delays[Math.floor(delays.length * 0.99)] ?? 0, max: delays.at(-1) ?? 0 };

const database = options.postgres ? "PostgreSQL" : "SQLite";
console.log(`\n${database}, ${options.calls.toLocaleString("en-US")} calls over ${options.days} days, ${options.agents} agents, ${options.samples} samples each (after one warm-up)\n`);
console.log(`${"page / API".padEnd(46)} status   p50 ms   p95 ms   max ms      bytes`);
for (const r of results) {
  console.log(`${r.name.padEnd(46)} ${String(r.status).padStart(6)} ${r.p50.toFixed(0).padStart(8)} ${r.p95.toFixed(0).padStart(8)} ${r.max.toFixed(0).padStart(8)} ${String(r.bytes).padStart(10)}`);
}
console.log(`\nserver memory (RSS) before analytics ${memory.before.toFixed(0)} MB, after ${memory.after.toFixed(0)} MB (growth ${(memory.after - memory.before).toFixed(0)} MB), peak ${memory.peak.toFixed(0)} MB`);
console.log(`database ${mbBefore.toFixed(0)} MB before pruning, ${mbAfter.toFixed(0)} MB after (${options.postgres ? "pg_database_size: PostgreSQL reuses freed space, VACUUM FULL returns it" : "pages in use"})`);
console.log(`pruning: ${JSON.stringify(prune)}`);
console.log(`concurrent writes during pruning: ${write.n}, wait p50 ${write.p50.toFixed(1)} ms, p99 ${write.p99.toFixed(1)} ms, max ${write.max.toFixed(1)} ms`);
mkdirSync(resolve(root, "bench-results"), { recursive: true });
const out = resolve(root, `bench-results/bench-data-${database.toLowerCase()}-${options.calls}-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
writeFileSync(out, JSON.stringify({ options: { ...options, postgres: options.postgres ? "yes" : undefined }, seeded, results, memory, databaseMb: { before: mbBefore, after: mbAfter }, prune, write }, null, 2));
log(`wrote ${out}`);
if (!options.postgres) log(`SQLite file ${(statSync(DB_FILE).size / 1e6).toFixed(0)} MB`);
await writer.$disconnect();
await db.$disconnect();
if (options.postgres) await dropDatabase(options.postgres, PG_DATABASE);
