// The analytics rollup: per closed local day of the call centre's zone, per (language, agent), the sums every
// analytics metric is made of (DailyCallStats), so a 90-day period adds up ~days x agents rows instead of reading
// every call and rating (at 1,000,000 calls the GROUP BY over calls took seconds). Written only by the maintenance
// job (rollupAnalytics, lib/maintenance/jobs.ts), never on the webhook path; today is always computed live from the
// calls, and so is any closed day the job has not rolled up yet (lib/dashboard/load-analytics.ts).
//
// A day is recomputed whole from the calls and ratings and replaced in one transaction with its marker row
// (DailyCallStatsDay), so running it twice, or in two processes, changes nothing. Each run recomputes the last
// RECOMPUTE_DAYS closed days (a late rating or a call that ended after midnight lands there), any older day whose
// callbacks were still open when it was computed (#18: callbacks count by outcome), and fills up to `maxDays` days
// that have no marker yet, newest first, within a time budget.
import type { Db } from "../db/client";
import { direct } from "../db/direct";
import { Prisma } from "../db/sql";
import { ENDED_CALL_STATUSES } from "../routing/call-states";
import { DAY_COLUMNS, liveDaySums } from "./analytics-waiting";
import { num, secondsBetween, ts, type Provider } from "./sql-buckets";
import { callCentreZone, dayBuckets, startOfToday, type Bucket } from "./time";
import { DateTime } from "luxon";

export const SERVICE_LEVEL_SECONDS = 20;
/** Closed days recomputed on every run, to catch late ratings and calls that ended after midnight. */
export const RECOMPUTE_DAYS = 2;
/** How far back the job fills missing days (the custom period reaches 366 days). */
export const BACKFILL_MAX_DAYS = 400;

export const SUM_COLUMNS = [
  "calls", "requests", "answered", "waitMs", "slBase", "withinSl", "endedRequests", "abandoned",
  "talked", "talkSum", "talkedNz", "talkSumNz", "ratings", "ratingGood", "ratingSum",
  "outsideHours", "waitScored", "waitErrAbsMs", "waitErrMs", "waitWithin60",
] as const;
export type Sums = Record<(typeof SUM_COLUMNS)[number], number>;
export const zeroSums = (): Sums => Object.fromEntries(SUM_COLUMNS.map((c) => [c, 0])) as Sums;

export function addSums(into: Sums, from: Partial<Record<string, unknown>>): Sums {
  for (const c of SUM_COLUMNS) into[c] += num(from[c]) ?? 0;
  return into;
}

/**
 * The per-call sums of the analytics definitions (load-analytics.ts), as a SELECT list over "Call" rows. Every
 * column is a whole number (waits in milliseconds: each call's wait is whole milliseconds): SQLite's driver adapter
 * types an aggregate column by its first row, so a first row of 0 read later rows' fractional seconds as integers.
 */
export function callSumsSelect(provider: Provider): Prisma.Sql {
  const wait = secondsBetween(Prisma.sql`"agentConnectedAt"`, Prisma.sql`"routedAt"`, provider);
  const waitOf = Prisma.sql`(CASE WHEN ${wait} < 0 THEN 0 ELSE ${wait} END)`;
  const answered = Prisma.sql`"routedAt" IS NOT NULL AND "agentConnectedAt" IS NOT NULL`;
  const ended = Prisma.sql`"status" IN (${Prisma.join(ENDED_CALL_STATUSES)})`;
  // #18: the wait announced on entering the queue minus the wait that followed (queue entry to the agent answering),
  // whole milliseconds, over calls that queued with an estimate and reached an agent.
  const scored = Prisma.sql`"waitEstimateSeconds" IS NOT NULL AND "queuedAt" IS NOT NULL AND "agentConnectedAt" IS NOT NULL AND "agentConnectedAt" >= "queuedAt"`;
  const errMs = Prisma.sql`("waitEstimateSeconds" * 1000 - CAST(ROUND(${secondsBetween(Prisma.sql`"agentConnectedAt"`, Prisma.sql`"queuedAt"`, provider)} * 1000) AS BIGINT))`;
  return Prisma.sql`
      COUNT(*) AS "calls",
      SUM(CASE WHEN "routedAt" IS NOT NULL THEN 1 ELSE 0 END) AS "requests",
      SUM(CASE WHEN ${answered} THEN 1 ELSE 0 END) AS "answered",
      SUM(CASE WHEN ${answered} THEN CAST(ROUND(${waitOf} * 1000) AS BIGINT) ELSE 0 END) AS "waitMs",
      SUM(CASE WHEN "routedAt" IS NOT NULL AND (${ended} OR "agentConnectedAt" IS NOT NULL) THEN 1 ELSE 0 END) AS "slBase",
      SUM(CASE WHEN ${answered} AND ${waitOf} <= ${SERVICE_LEVEL_SECONDS} THEN 1 ELSE 0 END) AS "withinSl",
      SUM(CASE WHEN "routedAt" IS NOT NULL AND ${ended} THEN 1 ELSE 0 END) AS "endedRequests",
      SUM(CASE WHEN "routedAt" IS NOT NULL AND ${ended} AND "agentConnectedAt" IS NULL THEN 1 ELSE 0 END) AS "abandoned",
      SUM(CASE WHEN "agentTalkSeconds" > 0 THEN 1 ELSE 0 END) AS "talked",
      SUM(CASE WHEN "agentTalkSeconds" > 0 THEN "agentTalkSeconds" ELSE 0 END) AS "talkSum",
      SUM(CASE WHEN "agentTalkSeconds" IS NOT NULL AND "agentTalkSeconds" <> 0 THEN 1 ELSE 0 END) AS "talkedNz",
      SUM(CASE WHEN "agentTalkSeconds" IS NOT NULL AND "agentTalkSeconds" <> 0 THEN "agentTalkSeconds" ELSE 0 END) AS "talkSumNz",
      SUM(CASE WHEN "outsideHours" THEN 1 ELSE 0 END) AS "outsideHours",
      SUM(CASE WHEN ${scored} THEN 1 ELSE 0 END) AS "waitScored",
      SUM(CASE WHEN ${scored} THEN ABS(${errMs}) ELSE 0 END) AS "waitErrAbsMs",
      SUM(CASE WHEN ${scored} THEN ${errMs} ELSE 0 END) AS "waitErrMs",
      SUM(CASE WHEN ${scored} AND ABS(${errMs}) <= 60000 THEN 1 ELSE 0 END) AS "waitWithin60"`;
}

const rangeOf = (column: Prisma.Sql, start: Date, end: Date, provider: Provider) =>
  Prisma.sql`${column} >= ${ts(start, provider)} AND ${column} < ${ts(end, provider)}`;

type KeyedSums = Map<string, { languageCode: string; agentId: string; sums: Sums }>;

/** One local day's sums per (language, agent), from the calls started and the ratings given that day. */
export async function computeDay(db: Db, day: Bucket, provider: Provider): Promise<KeyedSums> {
  const sql = direct(db);
  const [calls, ratings] = await Promise.all([
    sql.$queryRaw<Array<Record<string, unknown>>>`
      SELECT COALESCE("languageCode", '') AS "languageCode", COALESCE("agentId", '') AS "agentId", ${callSumsSelect(provider)}
      FROM "Call" WHERE ${rangeOf(Prisma.sql`"startedAt"`, day.start, day.end, provider)}
      GROUP BY "languageCode", "agentId"`,
    sql.$queryRaw<Array<Record<string, unknown>>>`
      SELECT COALESCE(c."languageCode", '') AS "languageCode", COALESCE(f."agentId", '') AS "agentId",
        COUNT(*) AS "ratings", SUM(CASE WHEN f."rating" >= 3 THEN 1 ELSE 0 END) AS "ratingGood", SUM(f."rating") AS "ratingSum"
      FROM "Feedback" f JOIN "Call" c ON c."id" = f."callId"
      WHERE ${rangeOf(Prisma.sql`f."createdAt"`, day.start, day.end, provider)}
      GROUP BY c."languageCode", f."agentId"`,
  ]);
  const out: KeyedSums = new Map();
  for (const r of [...calls, ...ratings]) {
    const languageCode = String(r.languageCode);
    const agentId = String(r.agentId);
    const key = `${languageCode}\u0000${agentId}`;
    const entry = out.get(key) ?? { languageCode, agentId, sums: zeroSums() };
    addSums(entry.sums, r);
    out.set(key, entry);
  }
  return out;
}

/** Recompute one day and replace its rows and marker in one transaction (idempotent). Returns the rows written. */
export async function rollupDay(db: Db, day: Bucket, zone: string, now = new Date()): Promise<number> {
  const sql = direct(db);
  const provider = (await sql.provider()) as Provider;
  const [keyed, perDay] = await Promise.all([computeDay(db, day, provider), liveDaySums(db, day.start, day.end, provider)]);
  const rows = [...keyed.values()];
  const byLanguage = new Map<string, Sums>();
  for (const r of rows) byLanguage.set(r.languageCode, addSums(byLanguage.get(r.languageCode) ?? zeroSums(), r.sums));
  const cols = ["zone", "day", "languageCode", "agentId", ...SUM_COLUMNS];
  const languageCols = Prisma.raw(["zone", "day", "languageCode", ...SUM_COLUMNS].map((c) => `"${c}"`).join(", "));
  await sql.$transaction(async (tx) => {
    await tx.$executeRaw`DELETE FROM "DailyCallStats" WHERE "zone" = ${zone} AND "day" = ${day.key}`;
    for (let i = 0; i < rows.length; i += 500) {
      const values = rows.slice(i, i + 500).map((r) => Prisma.sql`(${Prisma.join([zone, day.key, r.languageCode, r.agentId, ...SUM_COLUMNS.map((c) => r.sums[c])])})`);
      await tx.$executeRaw`INSERT INTO "DailyCallStats" (${Prisma.raw(cols.map((c) => `"${c}"`).join(", "))}) VALUES ${Prisma.join(values)}`;
    }
    await tx.$executeRaw`DELETE FROM "DailyLanguageStats" WHERE "zone" = ${zone} AND "day" = ${day.key}`;
    if (byLanguage.size > 0) {
      const values = [...byLanguage].map(([code, sums]) => Prisma.sql`(${Prisma.join([zone, day.key, code, ...SUM_COLUMNS.map((c) => sums[c])])})`);
      await tx.$executeRaw`INSERT INTO "DailyLanguageStats" (${languageCols}) VALUES ${Prisma.join(values)}`;
    }
    await tx.$executeRaw`DELETE FROM "DailyCallStatsDay" WHERE "zone" = ${zone} AND "day" = ${day.key}`;
    await tx.$executeRaw`INSERT INTO "DailyCallStatsDay" ("zone", "day", "computedAt", ${Prisma.raw(DAY_COLUMNS.map((c) => `"${c}"`).join(", "))})
      VALUES (${zone}, ${day.key}, ${ts(now, provider)}, ${Prisma.join(DAY_COLUMNS.map((c) => perDay[c]))})`;
  });
  return rows.length;
}

/** The days of [firstKey, lastKey] the rollup holds for the zone. */
export async function rolledDays(db: Db, zone: string, firstKey: string, lastKey: string): Promise<Set<string>> {
  const rows = await direct(db).$queryRaw<Array<{ day: string }>>`
    SELECT "day" FROM "DailyCallStatsDay" WHERE "zone" = ${zone} AND "day" >= ${firstKey} AND "day" <= ${lastKey}`;
  return new Set(rows.map((r) => r.day));
}

/** Rolled days of [firstKey, lastKey] whose callbacks were still open when computed (recomputed until final). */
async function daysWithOpenCallbacks(db: Db, zone: string, firstKey: string, lastKey: string): Promise<Set<string>> {
  const rows = await direct(db).$queryRaw<Array<{ day: string }>>`
    SELECT "day" FROM "DailyCallStatsDay" WHERE "zone" = ${zone} AND "day" >= ${firstKey} AND "day" <= ${lastKey} AND "callbacksOpen" > 0`;
  return new Set(rows.map((r) => r.day));
}

export type RollupResult = { recomputed: number; filled: number; rows: number; remaining: number; ms: number };

/**
 * The maintenance job: recompute the last RECOMPUTE_DAYS closed days, then fill closed days without a marker back
 * to the first call (at most BACKFILL_MAX_DAYS ago), newest first, until `maxDays` or `timeBudgetMs` is reached.
 * `remaining` says how many missing days the next run will find.
 */
export async function rollupAnalytics(
  db: Db,
  opts: { now?: Date; zone?: string; maxDays?: number; timeBudgetMs?: number } = {},
): Promise<RollupResult> {
  const started = performance.now();
  const now = opts.now ?? new Date();
  const zone = opts.zone ?? callCentreZone();
  const maxDays = opts.maxDays ?? 60;
  const budget = opts.timeBudgetMs ?? 20_000;
  const today = startOfToday(now, zone);
  const [first] = await direct(db).$queryRaw<Array<{ first: unknown }>>`SELECT MIN("startedAt") AS "first" FROM "Call"`;
  const firstCall = first?.first ? new Date(first.first as string | Date) : null;
  if (!firstCall || firstCall >= today) return { recomputed: 0, filled: 0, rows: 0, remaining: 0, ms: performance.now() - started };
  const todayLocal = DateTime.fromJSDate(today, { zone });
  const oldest = DateTime.max(DateTime.fromJSDate(firstCall, { zone }).startOf("day"), todayLocal.minus({ days: BACKFILL_MAX_DAYS }));
  const count = Math.round(todayLocal.diff(oldest, "days").days);
  const closed = dayBuckets(oldest.toJSDate(), count, zone).reverse(); // newest first
  const [have, open] = await Promise.all([rolledDays(db, zone, closed.at(-1)!.key, closed[0]!.key), daysWithOpenCallbacks(db, zone, closed.at(-1)!.key, closed[0]!.key)]);
  // The last closed days always, the missing ones, and any older day whose callbacks were still open.
  const recent = closed.slice(0, RECOMPUTE_DAYS);
  const unsettled = closed.slice(RECOMPUTE_DAYS).filter((b) => open.has(b.key));
  const missing = closed.slice(RECOMPUTE_DAYS).filter((b) => !have.has(b.key));
  let rows = 0;
  let filled = 0;
  let recomputed = 0;
  for (const day of recent) {
    rows += await rollupDay(db, day, zone, now);
    recomputed++;
  }
  for (const day of missing) {
    if (filled >= maxDays || performance.now() - started > budget) break;
    rows += await rollupDay(db, day, zone, now);
    filled++;
  }
  // Then older days whose callbacks were still open, with what is left of the budget: after the backfill, so a
  // callback that never settles cannot starve it; what does not fit is retried on the next run.
  for (const day of unsettled) {
    if (performance.now() - started > budget) break;
    rows += await rollupDay(db, day, zone, now);
    recomputed++;
  }
  return { recomputed, filled, rows, remaining: missing.length - filled, ms: Math.round(performance.now() - started) };
}
