// Contact-centre metrics over a period, computed by the database with aggregate queries (GROUP BY, range joins into
// day/hour buckets), so the memory and rows a page handles grow with days x agents, never with the number of calls.
// The same SQL runs on SQLite and PostgreSQL; the two differences are in sql-buckets.ts.
//
// Definitions (documented here because every contact centre words them slightly differently):
// - an "agent request" is a call that reached routing (Call.routedAt, its first RoutingDecision, kept on the call
//   so pruning decisions changes no statistic); waiting starts then;
// - speed of answer = agent connected - routedAt (never negative), over answered requests;
// - abandonment = ended requests (COMPLETED/ABANDONED/FAILED) that never reached an agent, over ended requests;
// - service level = ended or connected requests answered within SERVICE_LEVEL_SECONDS, over the same base;
// - CSAT = share of ratings 3 or 4 ("good"/"excellent" on the 1-4 scale), with the mean rating alongside;
// - calls are in the period by startedAt, ratings by their createdAt; days and hours are the call centre's.
import type { Db } from "../db/client";
import { direct } from "../db/direct";
import { Prisma } from "../db/sql";
import type { AnalyticsPeriod } from "./analytics-period";
import { bucketTable, num, secondsBetween, ts, type Provider } from "./sql-buckets";
import { hourBuckets } from "./time";
import { ENDED_CALL_STATUSES } from "../routing/call-states";

export const SERVICE_LEVEL_SECONDS = 20;
/** The rating trend draws one line per agent: the period's most-rated agents (a chart of 500 lines says nothing). */
export const TREND_AGENTS = 10;
const ENDED = ENDED_CALL_STATUSES;

export type Analytics = {
  days: number;
  period: { from: string; to: string; custom: boolean; zone: string };
  totals: {
    calls: number;
    agentRequests: number;
    answered: number;
    asaSeconds: number | null;
    abandonmentRate: number | null;
    serviceLevel: number | null;
    avgTalkSeconds: number | null;
    csat: number | null;
    avgRating: number | null;
    ratings: number;
  };
  csatByLanguage: Array<{ language: string; csat: number; avgRating: number; ratings: number }>;
  ratingTrend: { agents: Array<{ id: string; name: string }>; points: Array<Record<string, string | number | null>> };
  durationByDay: Array<{ day: string; avgTalkSeconds: number | null; calls: number }>;
  callsPerHour: Array<{ hour: string; calls: number }>;
  /** #18: messages left (by when they were left) and calls that reached a closed line (by startedAt), in the period. */
  afterHours: { voicemails: number; callsOutsideHours: number };
  /** #18: queued callbacks asked for in the period (by createdAt), by what became of them. */
  callbacks: { requested: number; completed: number; failed: number; cancelled: number; open: number };
  /**
   * #18: the estimated wait announced on entering the queue against the wait that followed (queue entry to the agent
   * answering, ring time included), over calls of the period that queued and reached an agent.
   */
  waitEstimate: { scored: number; maeSeconds: number | null; biasSeconds: number | null; within60: number | null };
};

const ratio = (part: number, whole: number) => (whole === 0 ? null : part / whole);

export async function loadAnalytics(db: Db, period: AnalyticsPeriod, now = new Date()): Promise<Analytics> {
  const sql = direct(db);
  const provider = (await sql.provider()) as Provider;
  const [totals, ratings, trend, byDay, perHour, languages, afterHours, callbacks, waitEstimate] = await Promise.all([
    callTotals(db, period, provider),
    ratingsByLanguage(db, period, provider),
    ratingTrend(db, period, provider),
    talkByDay(db, period, provider),
    callsPerHour(db, period, provider, now),
    db.language.findMany({ select: { code: true, name: true } }),
    afterHoursCounts(db, period, provider),
    callbackTotals(db, period, provider),
    waitEstimateError(db, period, provider),
  ]);
  const ratingCount = ratings.reduce((n, r) => n + r.ratings, 0);
  const goodCount = ratings.reduce((n, r) => n + r.good, 0);
  const ratingSum = ratings.reduce((n, r) => n + r.sum, 0);
  const languageName = new Map(languages.map((l) => [l.code, l.name]));
  return {
    days: period.days,
    period: { from: period.from, to: period.to, custom: period.custom, zone: period.zone },
    totals: { ...totals, csat: ratio(goodCount, ratingCount), avgRating: ratio(ratingSum, ratingCount), ratings: ratingCount },
    csatByLanguage: ratings.map((r) => ({
      language: languageName.get(r.code) ?? r.code,
      csat: Math.round((r.good / r.ratings) * 1000) / 10,
      avgRating: Math.round((r.sum / r.ratings) * 100) / 100,
      ratings: r.ratings,
    })),
    ratingTrend: trend,
    durationByDay: byDay,
    callsPerHour: perHour,
    afterHours,
    callbacks,
    waitEstimate,
  };
}

async function callbackTotals(db: Db, p: AnalyticsPeriod, provider: Provider): Promise<Analytics["callbacks"]> {
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

async function waitEstimateError(db: Db, p: AnalyticsPeriod, provider: Provider): Promise<Analytics["waitEstimate"]> {
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
async function afterHoursCounts(db: Db, p: AnalyticsPeriod, provider: Provider): Promise<Analytics["afterHours"]> {
  const rows = await direct(db).$queryRaw<Array<{ k: string; n: unknown }>>`
    SELECT 'voicemails' AS "k", COUNT(*) AS "n" FROM "Voicemail" WHERE ${inPeriod(Prisma.sql`"createdAt"`, p, provider)}
    UNION ALL
    SELECT 'outside' AS "k", COUNT(*) AS "n" FROM "Call"
    WHERE ${inPeriod(Prisma.sql`"startedAt"`, p, provider)} AND (CASE WHEN "outsideHours" THEN 1 ELSE 0 END) = 1`;
  const n = (k: string) => num(rows.find((r) => r.k === k)?.n) ?? 0;
  return { voicemails: n("voicemails"), callsOutsideHours: n("outside") };
}

const inPeriod = (column: Prisma.Sql, p: AnalyticsPeriod, provider: Provider) =>
  Prisma.sql`${column} >= ${ts(p.start, provider)} AND ${column} < ${ts(p.end, provider)}`;

async function callTotals(db: Db, p: AnalyticsPeriod, provider: Provider) {
  const wait = secondsBetween(Prisma.sql`"agentConnectedAt"`, Prisma.sql`"routedAt"`, provider);
  const waitOf = Prisma.sql`(CASE WHEN ${wait} < 0 THEN 0 ELSE ${wait} END)`;
  const answered = Prisma.sql`"routedAt" IS NOT NULL AND "agentConnectedAt" IS NOT NULL`;
  const ended = Prisma.sql`"status" IN (${Prisma.join(ENDED)})`;
  const [row] = await direct(db).$queryRaw<Array<Record<string, unknown>>>`
    SELECT
      COUNT(*) AS "calls",
      SUM(CASE WHEN "routedAt" IS NOT NULL THEN 1 ELSE 0 END) AS "requests",
      SUM(CASE WHEN ${answered} THEN 1 ELSE 0 END) AS "answered",
      SUM(CASE WHEN ${answered} THEN ${waitOf} ELSE 0 END) AS "waitSum",
      SUM(CASE WHEN "routedAt" IS NOT NULL AND (${ended} OR "agentConnectedAt" IS NOT NULL) THEN 1 ELSE 0 END) AS "slBase",
      SUM(CASE WHEN ${answered} AND ${waitOf} <= ${SERVICE_LEVEL_SECONDS} THEN 1 ELSE 0 END) AS "withinSl",
      SUM(CASE WHEN "routedAt" IS NOT NULL AND ${ended} THEN 1 ELSE 0 END) AS "endedRequests",
      SUM(CASE WHEN "routedAt" IS NOT NULL AND ${ended} AND "agentConnectedAt" IS NULL THEN 1 ELSE 0 END) AS "abandoned",
      SUM(CASE WHEN "agentTalkSeconds" > 0 THEN 1 ELSE 0 END) AS "talked",
      SUM(CASE WHEN "agentTalkSeconds" > 0 THEN "agentTalkSeconds" ELSE 0 END) AS "talkSum"
    FROM "Call" WHERE ${inPeriod(Prisma.sql`"startedAt"`, p, provider)}`;
  const n = (k: string) => num(row?.[k]) ?? 0;
  return {
    calls: n("calls"),
    agentRequests: n("requests"),
    answered: n("answered"),
    asaSeconds: ratio(n("waitSum"), n("answered")),
    abandonmentRate: ratio(n("abandoned"), n("endedRequests")),
    serviceLevel: ratio(n("withinSl"), n("slBase")),
    avgTalkSeconds: ratio(n("talkSum"), n("talked")),
  };
}

async function ratingsByLanguage(db: Db, p: AnalyticsPeriod, provider: Provider) {
  const rows = await direct(db).$queryRaw<Array<Record<string, unknown>>>`
    SELECT COALESCE(c."languageCode", 'unknown') AS "code", COUNT(*) AS "ratings",
      SUM(CASE WHEN f."rating" >= 3 THEN 1 ELSE 0 END) AS "good", SUM(f."rating") AS "sum"
    FROM "Feedback" f JOIN "Call" c ON c."id" = f."callId"
    WHERE ${inPeriod(Prisma.sql`f."createdAt"`, p, provider)}
    GROUP BY COALESCE(c."languageCode", 'unknown') ORDER BY "code"`;
  return rows.map((r) => ({ code: String(r.code), ratings: num(r.ratings) ?? 0, good: num(r.good) ?? 0, sum: num(r.sum) ?? 0 }));
}

/** Daily mean rating of the period's TREND_AGENTS most-rated agents (one line each), over its local days. */
async function ratingTrend(db: Db, p: AnalyticsPeriod, provider: Provider): Promise<Analytics["ratingTrend"]> {
  const top = await direct(db).$queryRaw<Array<{ agentId: string }>>`
    SELECT "agentId" FROM "Feedback" WHERE "agentId" IS NOT NULL AND ${inPeriod(Prisma.sql`"createdAt"`, p, provider)}
    GROUP BY "agentId" ORDER BY COUNT(*) DESC, "agentId" LIMIT ${TREND_AGENTS}`;
  const rows =
    top.length === 0
      ? []
      : await direct(db).$queryRaw<Array<Record<string, unknown>>>`
    ${bucketTable(p.buckets, provider)}
    SELECT b."i" AS "i", f."agentId" AS "agentId", COUNT(*) AS "n", SUM(f."rating") AS "sum"
    FROM b JOIN "Feedback" f ON f."createdAt" >= b."lo" AND f."createdAt" < b."hi"
    WHERE f."agentId" IN (${Prisma.join(top.map((t) => t.agentId))})
    GROUP BY b."i", f."agentId"`;
  const ids = [...new Set(rows.map((r) => String(r.agentId)))];
  const named = ids.length === 0 ? [] : await db.agent.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } });
  const nameOf = new Map(named.map((a) => [a.id, a.name]));
  const agents = ids.map((id) => ({ id, name: nameOf.get(id) ?? "removed agent" })).sort((a, b) => a.name.localeCompare(b.name));
  const points = p.buckets.map((b) => {
    const point: Record<string, string | number | null> = { day: b.label };
    for (const a of agents) point[a.id] = null;
    return point;
  });
  for (const r of rows) {
    const point = points[Number(r.i)];
    if (point) point[String(r.agentId)] = Math.round(((num(r.sum) ?? 0) / (num(r.n) ?? 1)) * 100) / 100;
  }
  return { agents, points };
}

async function talkByDay(db: Db, p: AnalyticsPeriod, provider: Provider): Promise<Analytics["durationByDay"]> {
  const rows = await direct(db).$queryRaw<Array<Record<string, unknown>>>`
    ${bucketTable(p.buckets, provider)}
    SELECT b."i" AS "i", COUNT(*) AS "n", AVG(c."agentTalkSeconds") AS "avg"
    FROM b JOIN "Call" c ON c."startedAt" >= b."lo" AND c."startedAt" < b."hi"
    WHERE c."agentTalkSeconds" IS NOT NULL AND c."agentTalkSeconds" <> 0
    GROUP BY b."i"`;
  const byIndex = new Map(rows.map((r) => [Number(r.i), r]));
  return p.buckets.map((b, i) => {
    const r = byIndex.get(i);
    const avg = num(r?.avg);
    return { day: b.label, avgTalkSeconds: avg === null ? null : Math.round(avg), calls: num(r?.n) ?? 0 };
  });
}

/** Calls per local hour over the 24 hours ending at now (or at the end of a past period), within the period. */
async function callsPerHour(db: Db, p: AnalyticsPeriod, provider: Provider, now: Date): Promise<Analytics["callsPerHour"]> {
  const last = new Date(Math.min(now.getTime(), p.end.getTime() - 1));
  const hours = hourBuckets(last, p.zone).map((h) => ({
    ...h,
    start: new Date(Math.max(h.start.getTime(), p.start.getTime())),
    end: new Date(Math.max(Math.min(h.end.getTime(), p.end.getTime()), p.start.getTime())),
  }));
  const rows = await direct(db).$queryRaw<Array<Record<string, unknown>>>`
    ${bucketTable(hours, provider)}
    SELECT b."i" AS "i", COUNT(*) AS "n"
    FROM b JOIN "Call" c ON c."startedAt" >= b."lo" AND c."startedAt" < b."hi"
    GROUP BY b."i"`;
  const byIndex = new Map(rows.map((r) => [Number(r.i), num(r.n) ?? 0]));
  return hours.map((h, i) => ({ hour: h.label, calls: byIndex.get(i) ?? 0 }));
}
