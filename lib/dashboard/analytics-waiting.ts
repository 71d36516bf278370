// Issue #18's analytics figures (callers who cannot wait): callbacks by outcome, the wait estimate's error, voicemails
// and calls that reached a closed line. Like every other analytics figure they are read from the rollup for closed
// days and computed live only for today (and days not rolled up yet): the per-call ones (outside hours, the wait
// estimate's error) are sums of DailyCallStats (callSumsSelect in analytics-rollup.ts), the per-day ones (voicemails,
// callbacks by status) columns of DailyCallStatsDay, computed here.
import type { Db } from "../db/client";
import { direct } from "../db/direct";
import { Prisma } from "../db/sql";
import type { Sums } from "./analytics-rollup";
import { num, ts, type Provider } from "./sql-buckets";

/** Messages left (by when they were left) and calls that reached a closed line (by startedAt), in the period. */
export type AfterHoursCounts = { voicemails: number; callsOutsideHours: number };
/** Queued callbacks asked for in the period (by createdAt), by what became of them. */
export type CallbackTotals = { requested: number; completed: number; failed: number; cancelled: number; open: number };
/**
 * The estimated wait announced on entering the queue against the wait that followed (queue entry to the agent
 * answering, ring time included), over calls of the period that queued and reached an agent.
 */
export type WaitEstimateError = { scored: number; maeSeconds: number | null; biasSeconds: number | null; within60: number | null };

/** The per-day #18 counts (DailyCallStatsDay's columns of the same names). */
export const DAY_COLUMNS = ["voicemails", "callbacksCompleted", "callbacksFailed", "callbacksCancelled", "callbacksOpen"] as const;
export type DaySums = Record<(typeof DAY_COLUMNS)[number], number>;
export const zeroDaySums = (): DaySums => Object.fromEntries(DAY_COLUMNS.map((c) => [c, 0])) as DaySums;

const ratio = (part: number, whole: number) => (whole === 0 ? null : part / whole);

const inRange = (column: Prisma.Sql, start: Date, end: Date, provider: Provider) =>
  Prisma.sql`${column} >= ${ts(start, provider)} AND ${column} < ${ts(end, provider)}`;

const OPEN = new Set(["PENDING", "DIALING", "CONNECTED"]);

/** Voicemails left and callbacks asked for in [start, end), callbacks by their status now: one round trip. */
export async function liveDaySums(db: Db, start: Date, end: Date, provider: Provider): Promise<DaySums> {
  const rows = await direct(db).$queryRaw<Array<{ k: string; n: unknown }>>`
    SELECT 'voicemails' AS "k", COUNT(*) AS "n" FROM "Voicemail" WHERE ${inRange(Prisma.sql`"createdAt"`, start, end, provider)}
    UNION ALL
    SELECT CAST("status" AS TEXT) AS "k", COUNT(*) AS "n" FROM "Callback" WHERE ${inRange(Prisma.sql`"createdAt"`, start, end, provider)}
    GROUP BY "status"`;
  const out = zeroDaySums();
  for (const r of rows) {
    const n = num(r.n) ?? 0;
    const k = String(r.k);
    if (k === "voicemails") out.voicemails += n;
    else if (k === "COMPLETED") out.callbacksCompleted += n;
    else if (k === "FAILED") out.callbacksFailed += n;
    else if (k === "CANCELLED") out.callbacksCancelled += n;
    else if (OPEN.has(k)) out.callbacksOpen += n;
  }
  return out;
}

/** The rolled-up days' per-day counts, summed (`rolled` is the WHERE clause choosing the zone's rolled days). */
export async function rolledDaySums(db: Db, rolled: Prisma.Sql | null): Promise<DaySums> {
  if (!rolled) return zeroDaySums();
  const [row] = await direct(db).$queryRaw<Array<Record<string, unknown>>>`
    SELECT ${Prisma.raw(DAY_COLUMNS.map((c) => `SUM("${c}") AS "${c}"`).join(", "))} FROM "DailyCallStatsDay" WHERE ${rolled}`;
  return Object.fromEntries(DAY_COLUMNS.map((c) => [c, num(row?.[c]) ?? 0])) as DaySums;
}

export function addDaySums(into: DaySums, from: DaySums): DaySums {
  for (const c of DAY_COLUMNS) into[c] += from[c];
  return into;
}

export function afterHoursOf(sums: Sums, days: DaySums): AfterHoursCounts {
  return { voicemails: days.voicemails, callsOutsideHours: sums.outsideHours };
}

export function callbackTotalsOf(days: DaySums): CallbackTotals {
  const { callbacksCompleted: completed, callbacksFailed: failed, callbacksCancelled: cancelled, callbacksOpen: open } = days;
  return { requested: completed + failed + cancelled + open, completed, failed, cancelled, open };
}

export function waitEstimateOf(sums: Sums): WaitEstimateError {
  const n = sums.waitScored;
  const round = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);
  return {
    scored: n,
    maeSeconds: round(ratio(sums.waitErrAbsMs / 1000, n)),
    biasSeconds: round(ratio(sums.waitErrMs / 1000, n)),
    within60: ratio(sums.waitWithin60, n),
  };
}
