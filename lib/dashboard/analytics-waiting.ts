// Issue #18's analytics figures (callers who cannot wait): callbacks by outcome, the wait estimate's error, voicemails
// and calls that reached a closed line. Each one aggregate query over the period, computed live (not rolled up).
import type { Db } from "../db/client";
import { direct } from "../db/direct";
import { Prisma } from "../db/sql";
import type { AnalyticsPeriod } from "./analytics-period";
import { num, secondsBetween, ts, type Provider } from "./sql-buckets";

/** Messages left (by when they were left) and calls that reached a closed line (by startedAt), in the period. */
export type AfterHoursCounts = { voicemails: number; callsOutsideHours: number };
/** Queued callbacks asked for in the period (by createdAt), by what became of them. */
export type CallbackTotals = { requested: number; completed: number; failed: number; cancelled: number; open: number };
/**
 * The estimated wait announced on entering the queue against the wait that followed (queue entry to the agent
 * answering, ring time included), over calls of the period that queued and reached an agent.
 */
export type WaitEstimateError = { scored: number; maeSeconds: number | null; biasSeconds: number | null; within60: number | null };

const ratio = (part: number, whole: number) => (whole === 0 ? null : part / whole);

const inPeriod = (column: Prisma.Sql, p: AnalyticsPeriod, provider: Provider) =>
  Prisma.sql`${column} >= ${ts(p.start, provider)} AND ${column} < ${ts(p.end, provider)}`;

export async function callbackTotals(db: Db, p: AnalyticsPeriod, provider: Provider): Promise<CallbackTotals> {
  const rows = await direct(db).$queryRaw<Array<{ status: string; n: unknown }>>`
    SELECT "status", COUNT(*) AS "n" FROM "Callback" WHERE ${inPeriod(Prisma.sql`"createdAt"`, p, provider)} GROUP BY "status"`;
  const by = new Map(rows.map((r) => [String(r.status), num(r.n) ?? 0]));
  const get = (k: string) => by.get(k) ?? 0;
  return {
    requested: [...by.values()].reduce((a, b) => a + b, 0),
    completed: get("COMPLETED"),
    failed: get("FAILED"),
    cancelled: get("CANCELLED"),
    open: get("PENDING") + get("DIALING") + get("CONNECTED"),
  };
}

export async function waitEstimateError(db: Db, p: AnalyticsPeriod, provider: Provider): Promise<WaitEstimateError> {
  const actual = secondsBetween(Prisma.sql`"agentConnectedAt"`, Prisma.sql`"queuedAt"`, provider);
  const error = Prisma.sql`("waitEstimateSeconds" - ${actual})`;
  const [row] = await direct(db).$queryRaw<Array<Record<string, unknown>>>`
    SELECT COUNT(*) AS "n", SUM(ABS(${error})) AS "abs", SUM(${error}) AS "signed",
      SUM(CASE WHEN ABS(${error}) <= 60 THEN 1 ELSE 0 END) AS "within"
    FROM "Call"
    WHERE ${inPeriod(Prisma.sql`"startedAt"`, p, provider)} AND "waitEstimateSeconds" IS NOT NULL
      AND "queuedAt" IS NOT NULL AND "agentConnectedAt" IS NOT NULL AND "agentConnectedAt" >= "queuedAt"`;
  const n = num(row?.n) ?? 0;
  const round = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);
  return {
    scored: n,
    maeSeconds: round(ratio(num(row?.abs) ?? 0, n)),
    biasSeconds: round(ratio(num(row?.signed) ?? 0, n)),
    within60: ratio(num(row?.within) ?? 0, n),
  };
}

/** #18, one round trip: a count per kind (kept out of callTotals so its covering index still answers it alone). */
export async function afterHoursCounts(db: Db, p: AnalyticsPeriod, provider: Provider): Promise<AfterHoursCounts> {
  const rows = await direct(db).$queryRaw<Array<{ k: string; n: unknown }>>`
    SELECT 'voicemails' AS "k", COUNT(*) AS "n" FROM "Voicemail" WHERE ${inPeriod(Prisma.sql`"createdAt"`, p, provider)}
    UNION ALL
    SELECT 'outside' AS "k", COUNT(*) AS "n" FROM "Call"
    WHERE ${inPeriod(Prisma.sql`"startedAt"`, p, provider)} AND (CASE WHEN "outsideHours" THEN 1 ELSE 0 END) = 1`;
  const n = (k: string) => num(rows.find((r) => r.k === k)?.n) ?? 0;
  return { voicemails: n("voicemails"), callsOutsideHours: n("outside") };
}
