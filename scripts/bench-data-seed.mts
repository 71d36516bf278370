// bench:data's history: a realistic floor written straight into a fresh database (SQLite through better-sqlite3
// prepared statements, PostgreSQL through multi-row INSERTs), and the database's size in use. The run itself (server,
// sign-in, timings, pruning) is scripts/bench-data.mts.
import { createRequire } from "node:module";
import type { Db } from "../lib/db/client.ts";
import { direct } from "../lib/db/direct.ts";
import { seedDatabase } from "../lib/db/seed.ts";
import { Prisma } from "../lib/db/sql.ts";

export type SeedOptions = {
  calls: number;
  days: number;
  agents: number;
  /** PostgreSQL (multi-row INSERTs) instead of the SQLite file. */
  postgres: boolean;
  dbFile: string;
  pgDatabase: string;
  supervisor: { email: string; password: string };
  log: (line: string) => void;
};
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
function sqliteInserter(dbFile: string) {
  const file = new Database(dbFile);
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

export async function seedHistory(db: Db, options: SeedOptions) {
  const log = options.log;
  const t0 = performance.now();
  await seedDatabase(db, options.supervisor, { demoAgents: false });
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
  const fast = options.postgres ? null : sqliteInserter(options.dbFile);
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

export async function databaseMb(db: Db, options: Pick<SeedOptions, "postgres" | "pgDatabase">): Promise<number> {
  if (options.postgres) {
    const [r] = await db.$queryRawUnsafe<Array<{ n: bigint }>>(`SELECT pg_database_size('${options.pgDatabase}') AS n`);
    return Number(r!.n) / 1e6;
  }
  // Pages in use (a DELETE frees pages for reuse; the file itself only shrinks with VACUUM).
  const [p] = await db.$queryRawUnsafe<Array<{ page_count: bigint }>>("PRAGMA page_count");
  const [f] = await db.$queryRawUnsafe<Array<{ freelist_count: bigint }>>("PRAGMA freelist_count");
  const [s] = await db.$queryRawUnsafe<Array<{ page_size: bigint }>>("PRAGMA page_size");
  return ((Number(p!.page_count) - Number(f!.freelist_count)) * Number(s!.page_size)) / 1e6;
}
