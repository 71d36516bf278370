// Contact-centre metrics over a period, computed by the database with aggregate queries (GROUP BY, range joins into
// day/hour buckets), so the memory and rows a page handles grow with days x agents, never with the number of calls.
// Closed days the maintenance job has rolled up (analytics-rollup.ts, DailyCallStats) are added up from their daily
// sums; today and any day not rolled up yet are computed live from the calls and ratings with the same
// definitions, so the page's cost is ~days x agents rows plus today's calls. The same SQL runs on SQLite and
// PostgreSQL; the two differences are in sql-buckets.ts.
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
import { addSums, callSumsSelect, rolledDays, SERVICE_LEVEL_SECONDS, SUM_COLUMNS, zeroSums, type Sums } from "./analytics-rollup";
import { bucketTable, num, ts, type Provider } from "./sql-buckets";
import {
  addDaySums,
  afterHoursOf,
  callbackTotalsOf,
  liveDaySums,
  rolledDaySums,
  waitEstimateOf,
  type AfterHoursCounts,
  type CallbackTotals,
  type DaySums,
  type WaitEstimateError,
} from "./analytics-waiting";
import { hourBuckets, startOfToday, type Bucket } from "./time";

export { SERVICE_LEVEL_SECONDS };
/** The rating trend draws one line per agent: the period's most-rated agents (a chart of 500 lines says nothing). */
export const TREND_AGENTS = 10;

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
  afterHours: AfterHoursCounts;
  callbacks: CallbackTotals;
  waitEstimate: WaitEstimateError;
};

const ratio = (part: number, whole: number) => (whole === 0 ? null : part / whole);

/**
 * Which of the period's days are read from the rollup (closed days it holds) and which live: the live ones as
 * contiguous runs of buckets (normally just today; the whole period when nothing is rolled up yet).
 */
export type Plan = { rolled: string[]; live: Array<{ index: number; bucket: Bucket }>; segments: Array<{ start: Date; end: Date }> };

export async function planPeriod(db: Db, p: AnalyticsPeriod, now: Date, useRollup: boolean): Promise<Plan> {
  const today = startOfToday(now, p.zone);
  const closed = p.buckets.filter((b) => b.end.getTime() <= today.getTime());
  const have = useRollup && closed.length > 0 ? await rolledDays(db, p.zone, closed[0]!.key, closed.at(-1)!.key) : new Set<string>();
  const rolled = closed.filter((b) => have.has(b.key)).map((b) => b.key);
  const live = p.buckets.map((bucket, index) => ({ index, bucket })).filter(({ bucket }) => !have.has(bucket.key) || bucket.end.getTime() > today.getTime());
  const segments: Plan["segments"] = [];
  for (const [k, { index, bucket }] of live.entries()) {
    if (k > 0 && live[k - 1]!.index === index - 1) segments.at(-1)!.end = bucket.end;
    else segments.push({ start: bucket.start, end: bucket.end });
  }
  return { rolled, live, segments };
}

export const rolledIn = (plan: Plan, zone: string) =>
  plan.rolled.length === 0 ? null : Prisma.sql`"zone" = ${zone} AND "day" >= ${plan.rolled[0]!} AND "day" <= ${plan.rolled.at(-1)!} AND "day" IN (${Prisma.join(plan.rolled)})`;

/** `useRollup: false` computes every day live (the rollup's own tests compare the two). */
export async function loadAnalytics(db: Db, period: AnalyticsPeriod, now = new Date(), opts: { useRollup?: boolean } = {}): Promise<Analytics> {
  const sql = direct(db);
  const provider = (await sql.provider()) as Provider;
  const plan = await planPeriod(db, period, now, opts.useRollup ?? true);
  // The rollup's per-(day, language) rows of the period serve totals, CSAT by language and talk by day: ~2 rows a
  // day (summing the per-agent rows, ~days x agents x languages, took 0.2 s for 90 days at 500 agents).
  const rolled = rolledIn(plan, period.zone);
  const byDayLanguage = rolled
    ? direct(db).$queryRaw<Array<Record<string, unknown>>>`
      SELECT "day" AS "day", "languageCode" AS "languageCode", ${Prisma.raw(SUM_COLUMNS.map((c) => `SUM("${c}") AS "${c}"`).join(", "))}
      FROM "DailyLanguageStats" WHERE ${rolled} GROUP BY "day", "languageCode"`
    : Promise.resolve([]);
  const [sums, ratings, trend, byDay, perHour, languages, daySums] = await Promise.all([
    callTotals(db, period, plan, provider, byDayLanguage),
    ratingsByLanguage(db, period, plan, provider, byDayLanguage),
    ratingTrend(db, period, plan, provider),
    talkByDay(db, period, plan, provider, byDayLanguage),
    callsPerHour(db, period, provider, now),
    db.language.findMany({ select: { code: true, name: true } }),
    perDaySums(db, plan, rolled, provider),
  ]);
  const ratingCount = ratings.reduce((n, r) => n + r.ratings, 0);
  const goodCount = ratings.reduce((n, r) => n + r.good, 0);
  const ratingSum = ratings.reduce((n, r) => n + r.sum, 0);
  const languageName = new Map(languages.map((l) => [l.code, l.name]));
  return {
    days: period.days,
    period: { from: period.from, to: period.to, custom: period.custom, zone: period.zone },
    totals: {
      calls: sums.calls,
      agentRequests: sums.requests,
      answered: sums.answered,
      asaSeconds: ratio(sums.waitMs / 1000, sums.answered),
      abandonmentRate: ratio(sums.abandoned, sums.endedRequests),
      serviceLevel: ratio(sums.withinSl, sums.slBase),
      avgTalkSeconds: ratio(sums.talkSum, sums.talked),
      csat: ratio(goodCount, ratingCount),
      avgRating: ratio(ratingSum, ratingCount),
      ratings: ratingCount,
    },
    csatByLanguage: ratings.map((r) => ({
      language: languageName.get(r.code) ?? r.code,
      csat: Math.round((r.good / r.ratings) * 1000) / 10,
      avgRating: Math.round((r.sum / r.ratings) * 100) / 100,
      ratings: r.ratings,
    })),
    ratingTrend: trend,
    durationByDay: byDay,
    callsPerHour: perHour,
    afterHours: afterHoursOf(sums, daySums),
    callbacks: callbackTotalsOf(daySums),
    waitEstimate: waitEstimateOf(sums),
  };
}

/** #18's per-day counts (voicemails, callbacks by status): the rolled days' sums plus each live segment's. */
async function perDaySums(db: Db, plan: Plan, rolled: Prisma.Sql | null, provider: Provider): Promise<DaySums> {
  const parts = await Promise.all([rolledDaySums(db, rolled), ...plan.segments.map((s) => liveDaySums(db, s.start, s.end, provider))]);
  return parts.reduce(addDaySums);
}

const inRange = (column: Prisma.Sql, start: Date, end: Date, provider: Provider) =>
  Prisma.sql`${column} >= ${ts(start, provider)} AND ${column} < ${ts(end, provider)}`;

type Rows = Promise<Array<Record<string, unknown>>>;

async function callTotals(db: Db, _p: AnalyticsPeriod, plan: Plan, provider: Provider, rolled: Rows): Promise<Sums> {
  const sums = zeroSums();
  const reads: Rows[] = plan.segments.map(
    (s) => direct(db).$queryRaw<Array<Record<string, unknown>>>`SELECT ${callSumsSelect(provider)} FROM "Call" WHERE ${inRange(Prisma.sql`"startedAt"`, s.start, s.end, provider)}`,
  );
  reads.push(rolled);
  for (const rows of await Promise.all(reads)) for (const r of rows) addSums(sums, { ...r, ratings: 0, ratingGood: 0, ratingSum: 0 });
  return sums;
}

async function ratingsByLanguage(db: Db, _p: AnalyticsPeriod, plan: Plan, provider: Provider, rolled: Rows) {
  const reads: Rows[] = plan.segments.map(
    (s) => direct(db).$queryRaw<Array<Record<string, unknown>>>`
    SELECT COALESCE(c."languageCode", 'unknown') AS "code", COUNT(*) AS "ratings",
      SUM(CASE WHEN f."rating" >= 3 THEN 1 ELSE 0 END) AS "good", SUM(f."rating") AS "sum"
    FROM "Feedback" f JOIN "Call" c ON c."id" = f."callId"
    WHERE ${inRange(Prisma.sql`f."createdAt"`, s.start, s.end, provider)}
    GROUP BY COALESCE(c."languageCode", 'unknown')`,
  );
  reads.push(rolled.then((rows) => rows.map((r) => ({ code: r.languageCode === "" ? "unknown" : r.languageCode, ratings: r.ratings, good: r.ratingGood, sum: r.ratingSum }))));
  const byCode = new Map<string, { code: string; ratings: number; good: number; sum: number }>();
  for (const rows of await Promise.all(reads)) {
    for (const r of rows) {
      const code = String(r.code);
      const e = byCode.get(code) ?? { code, ratings: 0, good: 0, sum: 0 };
      e.ratings += num(r.ratings) ?? 0;
      e.good += num(r.good) ?? 0;
      e.sum += num(r.sum) ?? 0;
      byCode.set(code, e);
    }
  }
  return [...byCode.values()].filter((r) => r.ratings > 0).sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

/** Daily mean rating of the period's TREND_AGENTS most-rated agents (one line each, ties by id), over its local days. */
async function ratingTrend(db: Db, p: AnalyticsPeriod, plan: Plan, provider: Provider): Promise<Analytics["ratingTrend"]> {
  const rolled = rolledIn(plan, p.zone);
  const countReads: Array<Promise<Array<Record<string, unknown>>>> = plan.segments.map(
    (s) => direct(db).$queryRaw<Array<Record<string, unknown>>>`
    SELECT "agentId" AS "agentId", COUNT(*) AS "n" FROM "Feedback" WHERE "agentId" IS NOT NULL AND ${inRange(Prisma.sql`"createdAt"`, s.start, s.end, provider)}
    GROUP BY "agentId"`,
  );
  if (rolled) {
    countReads.push(direct(db).$queryRaw<Array<Record<string, unknown>>>`
      SELECT "agentId" AS "agentId", SUM("ratings") AS "n" FROM "DailyCallStats" WHERE ${rolled} AND "agentId" <> '' AND "ratings" > 0 GROUP BY "agentId"`);
  }
  const rated = new Map<string, number>();
  for (const rows of await Promise.all(countReads)) for (const r of rows) rated.set(String(r.agentId), (rated.get(String(r.agentId)) ?? 0) + (num(r.n) ?? 0));
  const top = [...rated].filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, TREND_AGENTS).map(([id]) => id);
  const points = p.buckets.map((b) => ({ day: b.label }) as Record<string, string | number | null>);
  if (top.length === 0) return { agents: [], points };
  const cells = new Map<string, { n: number; sum: number }>(); // `${bucket index}|${agentId}`
  const add = (i: number, agentId: string, n: number, sum: number) => {
    const key = `${i}|${agentId}`;
    const c = cells.get(key) ?? { n: 0, sum: 0 };
    c.n += n;
    c.sum += sum;
    cells.set(key, c);
  };
  const liveBuckets = plan.live.map((l) => l.bucket);
  const [liveRows, rolledRows] = await Promise.all([
    liveBuckets.length === 0
      ? []
      : direct(db).$queryRaw<Array<Record<string, unknown>>>`
    ${bucketTable(liveBuckets, provider)}
    SELECT b."i" AS "i", f."agentId" AS "agentId", COUNT(*) AS "n", SUM(f."rating") AS "sum"
    FROM b JOIN "Feedback" f ON f."createdAt" >= b."lo" AND f."createdAt" < b."hi"
    WHERE f."agentId" IN (${Prisma.join(top)})
    GROUP BY b."i", f."agentId"`,
    rolled
      ? direct(db).$queryRaw<Array<Record<string, unknown>>>`
      SELECT "day" AS "day", "agentId" AS "agentId", SUM("ratings") AS "n", SUM("ratingSum") AS "sum"
      FROM "DailyCallStats" WHERE ${rolled} AND "agentId" IN (${Prisma.join(top)}) AND "ratings" > 0 GROUP BY "day", "agentId"`
      : [],
  ]);
  for (const r of liveRows) add(plan.live[Number(r.i)]!.index, String(r.agentId), num(r.n) ?? 0, num(r.sum) ?? 0);
  const indexOfDay = new Map(p.buckets.map((b, i) => [b.key, i]));
  for (const r of rolledRows) add(indexOfDay.get(String(r.day))!, String(r.agentId), num(r.n) ?? 0, num(r.sum) ?? 0);
  const ids = [...new Set([...cells.keys()].map((k) => k.slice(k.indexOf("|") + 1)))];
  const named = ids.length === 0 ? [] : await db.agent.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } });
  const nameOf = new Map(named.map((a) => [a.id, a.name]));
  const agents = ids.map((id) => ({ id, name: nameOf.get(id) ?? "removed agent" })).sort((a, b) => a.name.localeCompare(b.name));
  for (const point of points) for (const a of agents) point[a.id] = null;
  for (const [key, c] of cells) {
    const bar = key.indexOf("|");
    const point = points[Number(key.slice(0, bar))];
    if (point && c.n > 0) point[key.slice(bar + 1)] = Math.round((c.sum / c.n) * 100) / 100;
  }
  return { agents, points };
}

async function talkByDay(db: Db, p: AnalyticsPeriod, plan: Plan, provider: Provider, rolled: Rows): Promise<Analytics["durationByDay"]> {
  const liveBuckets = plan.live.map((l) => l.bucket);
  const [liveRows, rolledRows] = await Promise.all([
    liveBuckets.length === 0
      ? []
      : direct(db).$queryRaw<Array<Record<string, unknown>>>`
    ${bucketTable(liveBuckets, provider)}
    SELECT b."i" AS "i", COUNT(*) AS "n", SUM(c."agentTalkSeconds") AS "sum"
    FROM b JOIN "Call" c ON c."startedAt" >= b."lo" AND c."startedAt" < b."hi"
    WHERE c."agentTalkSeconds" IS NOT NULL AND c."agentTalkSeconds" <> 0
    GROUP BY b."i"`,
    rolled,
  ]);
  const byIndex = new Map<number, { n: number; sum: number }>();
  for (const r of liveRows) byIndex.set(plan.live[Number(r.i)]!.index, { n: num(r.n) ?? 0, sum: num(r.sum) ?? 0 });
  const indexOfDay = new Map(p.buckets.map((b, i) => [b.key, i]));
  for (const r of rolledRows) {
    const i = indexOfDay.get(String(r.day))!;
    const e = byIndex.get(i) ?? { n: 0, sum: 0 };
    e.n += num(r.talkedNz) ?? 0;
    e.sum += num(r.talkSumNz) ?? 0;
    byIndex.set(i, e);
  }
  return p.buckets.map((b, i) => {
    const r = byIndex.get(i);
    return { day: b.label, avgTalkSeconds: r && r.n > 0 ? Math.round(r.sum / r.n) : null, calls: r?.n ?? 0 };
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
