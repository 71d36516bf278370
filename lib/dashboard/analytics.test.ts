// Analytics in SQL against the previous in-memory definitions (kept below only as the test's oracle), on a random
// floor across a daylight-saving change, in two zones; then hand-placed calls on a DST day and in a zone 14 hours
// from UTC land on the right local day and hour. Runs on SQLite and, with TEST_DATABASE=postgres, on PostgreSQL.
import { DateTime } from "luxon";
import { beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient, type Db } from "../db/client";
import { seedDatabase } from "../db/seed";
import { backfillRoutedAt } from "../retention";
import { analyticsQuery, resolvePeriod, type AnalyticsPeriod } from "./analytics-period";
import { loadAnalytics, SERVICE_LEVEL_SECONDS, TREND_AGENTS, type Analytics } from "./load-analytics";

let db: Db;
// The random floor: 12 days around the end of US daylight saving time (2026-11-01).
const NOW = new Date("2026-11-05T15:00:00Z");

function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

beforeAll(async () => {
  db = createPrismaClient(process.env.DATABASE_URL!);
  await seedDatabase(db, { email: "s@example.com", password: "password1" });
  const agents = await db.agent.findMany({ select: { id: true } });
  const rand = rng(13);
  const pick = <T,>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const statuses = ["COMPLETED", "COMPLETED", "ABANDONED", "FAILED", "CONNECTED", "QUEUED", "IN_IVR"] as const;
  for (let i = 0; i < 160; i++) {
    const start = new Date(NOW.getTime() - Math.floor(rand() * 12 * 86_400_000));
    const routed = rand() < 0.7;
    const firstDecision = new Date(start.getTime() + 5_000 + Math.floor(rand() * 20_000));
    const answered = routed && rand() < 0.65;
    // A few connect "before" the decision (clock skew between writers): the wait counts as 0.
    const connectedAt = answered ? new Date(firstDecision.getTime() + Math.floor((rand() - 0.05) * 60_000)) : null;
    const talk = answered ? pick([null, 0, 15, 95, 240, 600]) : null;
    const agentId = answered ? pick(agents).id : null;
    const call = await db.call.create({
      data: {
        callUuid: `r${i}`, direction: "INBOUND", from: `+1202555${String(i).padStart(4, "0")}`, to: "+14155550000",
        languageCode: pick(["en", "es", null]), agentId, status: pick(statuses), step: "DONE", startedAt: start,
        agentConnectedAt: connectedAt, agentTalkSeconds: talk,
      },
    });
    if (routed) {
      const n = 1 + Math.floor(rand() * 3);
      for (let d = 0; d < n; d++) {
        await db.routingDecision.create({
          data: { callId: call.id, languageCode: "en", outcome: "QUEUED", candidateCount: 1, durationMicros: 100, createdAt: new Date(firstDecision.getTime() + d * 7_000) },
        });
      }
    }
    if (answered && rand() < 0.6) {
      await db.feedback.create({
        data: { callId: call.id, agentId: rand() < 0.9 ? agentId : null, rating: 1 + Math.floor(rand() * 4), callDuration: talk ?? 0, createdAt: new Date(start.getTime() + 120_000 + (talk ?? 0) * 1000) },
      });
    }
  }
  // The router stamps routedAt as it writes the first decision; these rows were inserted directly.
  await backfillRoutedAt(db);
});

// ---- The previous in-memory implementation (lib/dashboard/load-analytics.ts before analytics moved to SQL), made
// zone-aware, as the reference. It loads every call and rating of the period; fine for a floor of 160 calls.
const ENDED = new Set(["COMPLETED", "ABANDONED", "FAILED"]);
const mean = (xs: number[]) => (xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length);

async function oracle(p: AnalyticsPeriod, now: Date): Promise<Omit<Analytics, "period" | "afterHours">> {
  const dayKey = (d: Date) => DateTime.fromJSDate(d, { zone: p.zone }).toFormat("yyyy-MM-dd");
  const [calls, feedback, languages] = await Promise.all([
    db.call.findMany({
      where: { startedAt: { gte: p.start, lt: p.end } },
      select: {
        status: true, startedAt: true, agentConnectedAt: true, agentTalkSeconds: true,
        decisions: { select: { createdAt: true }, orderBy: { createdAt: "asc" }, take: 1 },
      },
    }),
    db.feedback.findMany({
      where: { createdAt: { gte: p.start, lt: p.end } },
      select: { rating: true, createdAt: true, agentId: true, agent: { select: { name: true } }, call: { select: { languageCode: true } } },
    }),
    db.language.findMany(),
  ]);
  const requests = calls.filter((c) => c.decisions.length > 0);
  const waits: number[] = [];
  let slBase = 0;
  let withinSl = 0;
  let endedRequests = 0;
  let abandoned = 0;
  for (const c of requests) {
    const askedAt = c.decisions[0]!.createdAt.getTime();
    const wait = c.agentConnectedAt ? Math.max(0, (c.agentConnectedAt.getTime() - askedAt) / 1000) : null;
    if (wait !== null) waits.push(wait);
    const ended = ENDED.has(c.status);
    if (ended) {
      endedRequests++;
      if (!c.agentConnectedAt) abandoned++;
    }
    if (ended || wait !== null) {
      slBase++;
      if (wait !== null && wait <= SERVICE_LEVEL_SECONDS) withinSl++;
    }
  }
  const talk = calls.map((c) => c.agentTalkSeconds).filter((s): s is number => s !== null && s > 0);
  const ratings = feedback.map((f) => f.rating);
  const languageName = new Map(languages.map((l) => [l.code, l.name]));
  const byLanguage = new Map<string, number[]>();
  for (const f of feedback) {
    const code = f.call.languageCode ?? "unknown";
    byLanguage.set(code, [...(byLanguage.get(code) ?? []), f.rating]);
  }
  const csatOf = (rs: number[]) => rs.filter((r) => r >= 3).length / rs.length;
  const dayList = Array.from({ length: p.days }, (_, i) => DateTime.fromJSDate(p.start, { zone: p.zone }).plus({ days: i }).toFormat("yyyy-MM-dd"));
  const agents = new Map<string, string>();
  const cell = new Map<string, number[]>();
  for (const f of feedback) {
    if (!f.agentId) continue;
    agents.set(f.agentId, f.agent?.name ?? "removed agent");
    const key = `${dayKey(f.createdAt)}|${f.agentId}`;
    cell.set(key, [...(cell.get(key) ?? []), f.rating]);
  }
  // The chart keeps the TREND_AGENTS most-rated agents of the period (ties by id).
  const ratedCount = new Map<string, number>();
  for (const f of feedback) if (f.agentId) ratedCount.set(f.agentId, (ratedCount.get(f.agentId) ?? 0) + 1);
  const top = new Set([...ratedCount].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, TREND_AGENTS).map(([id]) => id));
  const agentList = [...agents].filter(([id]) => top.has(id)).map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name));
  const points = dayList.map((day) => {
    const point: Record<string, string | number | null> = { day: day.slice(5) };
    for (const { id } of agentList) {
      const m = mean(cell.get(`${day}|${id}`) ?? []);
      point[id] = m === null ? null : Math.round(m * 100) / 100;
    }
    return point;
  });
  const durationByDay = dayList.map((day) => {
    const secs = calls.filter((c) => dayKey(c.startedAt) === day && c.agentTalkSeconds).map((c) => c.agentTalkSeconds as number);
    const m = mean(secs);
    return { day: day.slice(5), avgTalkSeconds: m === null ? null : Math.round(m), calls: secs.length };
  });
  // The 24 local clock hours ending with the current one (or the period's last), oldest first.
  const last = DateTime.fromJSDate(new Date(Math.min(now.getTime(), p.end.getTime() - 1)), { zone: p.zone }).startOf("hour");
  const callsPerHour = Array.from({ length: 24 }, (_, i) => {
    const start = last.minus({ hours: 23 - i });
    const count = calls.filter((c) => c.startedAt >= start.toJSDate() && c.startedAt < start.plus({ hours: 1 }).toJSDate()).length;
    return { hour: start.toFormat("HH:00"), calls: count };
  });
  return {
    days: p.days,
    totals: {
      calls: calls.length,
      agentRequests: requests.length,
      answered: waits.length,
      asaSeconds: mean(waits),
      abandonmentRate: endedRequests === 0 ? null : abandoned / endedRequests,
      serviceLevel: slBase === 0 ? null : withinSl / slBase,
      avgTalkSeconds: mean(talk),
      csat: ratings.length === 0 ? null : csatOf(ratings),
      avgRating: mean(ratings),
      ratings: ratings.length,
    },
    csatByLanguage: [...byLanguage].map(([code, rs]) => ({
      language: languageName.get(code) ?? code,
      csat: Math.round(csatOf(rs) * 1000) / 10,
      avgRating: Math.round((mean(rs) ?? 0) * 100) / 100,
      ratings: rs.length,
    })),
    ratingTrend: { agents: agentList, points },
    durationByDay,
    callsPerHour,
    // #18: this floor has no callbacks and no announced waits.
    callbacks: { requested: 0, completed: 0, failed: 0, cancelled: 0, open: 0 },
    waitEstimate: { scored: 0, maeSeconds: null, biasSeconds: null, within60: null },
  };
}

function expectSame(actual: Analytics, expected: Omit<Analytics, "period" | "afterHours">) {
  for (const [k, v] of Object.entries(expected.totals)) {
    const got = actual.totals[k as keyof Analytics["totals"]];
    if (v === null) expect(got, k).toBeNull();
    else expect(got, k).toBeCloseTo(v, 6);
  }
  const byName = (a: { language: string }, b: { language: string }) => a.language.localeCompare(b.language);
  expect([...actual.csatByLanguage].sort(byName)).toEqual([...expected.csatByLanguage].sort(byName));
  expect(actual.ratingTrend).toEqual(expected.ratingTrend);
  expect(actual.durationByDay).toEqual(expected.durationByDay);
  expect(actual.callsPerHour).toEqual(expected.callsPerHour);
  expect(actual.days).toBe(expected.days);
}

describe("analytics in SQL equal the in-memory definitions", () => {
  const periods = [{ days: 1 }, { days: 7 }, { days: 30 }, { days: 90 }, { from: "2026-10-30", to: "2026-11-02" }, { from: "2026-11-05", to: "2026-11-05" }];
  for (const zone of ["America/New_York", "Asia/Kathmandu"]) {
    it.each(periods)(`in ${zone}: %o`, async (q) => {
      const period = resolvePeriod(analyticsQuery.parse(q), NOW, zone);
      const [sql, reference] = await Promise.all([loadAnalytics(db, period, NOW), oracle(period, NOW)]);
      expectSame(sql, reference);
      if ("days" in q && (q.days ?? 0) >= 7) expect(sql.totals.calls).toBeGreaterThan(0); // the floor is really in the period
    });
  }

  it("the 25-hour day when New York leaves daylight saving time is one bucket", async () => {
    const period = resolvePeriod({ from: "2026-11-01", to: "2026-11-01" }, NOW, "America/New_York");
    expect(period.end.getTime() - period.start.getTime()).toBe(25 * 3_600_000);
  });
});

describe("days and hours in the call centre's zone", () => {
  // 2026-03-08: New York springs forward at 02:00 EST to 03:00 EDT (a 23-hour day).
  const at = async (uuid: string, iso: string) =>
    db.call.create({ data: { callUuid: uuid, direction: "INBOUND", from: "+12025550999", to: "+14155550000", status: "COMPLETED", step: "DONE", startedAt: new Date(iso), agentTalkSeconds: 60 } });

  beforeAll(async () => {
    await at("dst-a", "2026-03-08T04:30:00Z"); // Mar 7 23:30 EST
    await at("dst-b", "2026-03-08T05:30:00Z"); // Mar 8 00:30 EST
    await at("dst-c", "2026-03-08T06:59:00Z"); // Mar 8 01:59 EST
    await at("dst-d", "2026-03-08T07:00:00Z"); // Mar 8 03:00 EDT
    await at("dst-e", "2026-03-09T04:30:00Z"); // Mar 9 00:30 EDT (a fixed EST offset would say Mar 8 23:30)
    await at("kir-a", "2026-03-10T10:30:00Z"); // Kiritimati (UTC+14): Mar 11 00:30
  });

  it("puts calls on their local day across the spring-forward change", async () => {
    const a = await loadAnalytics(db, resolvePeriod({ from: "2026-03-07", to: "2026-03-09" }, NOW, "America/New_York"), NOW);
    expect(a.durationByDay.map((d) => [d.day, d.calls])).toEqual([["03-07", 1], ["03-08", 3], ["03-09", 1]]);
    expect(a.totals.calls).toBe(5);
  });

  it("labels hours with the local clock: 01:00 is followed by 03:00 on the spring-forward night", async () => {
    const now = new Date("2026-03-08T08:10:00Z"); // 04:10 EDT
    const a = await loadAnalytics(db, resolvePeriod({ days: 1 }, now, "America/New_York"), now);
    expect(a.callsPerHour.slice(-5)).toEqual([
      { hour: "23:00", calls: 0 }, // the day before: outside "today" (the 23:30 call is not counted)
      { hour: "00:00", calls: 1 },
      { hour: "01:00", calls: 1 },
      { hour: "03:00", calls: 1 },
      { hour: "04:00", calls: 0 },
    ]);
    // Today started at local midnight (05:00 UTC): the 23:30 call of the day before is not today's.
    expect(a.totals.calls).toBe(3);
  });

  it("in a zone 14 hours ahead of UTC, today and its first hour are local", async () => {
    const now = new Date("2026-03-10T12:00:00Z"); // Mar 11 02:00 in Kiritimati
    const a = await loadAnalytics(db, resolvePeriod({ days: 1 }, now, "Pacific/Kiritimati"), now);
    expect(a.durationByDay).toEqual([{ day: "03-11", avgTalkSeconds: 60, calls: 1 }]);
    expect(a.callsPerHour.slice(-3)).toEqual([{ hour: "00:00", calls: 1 }, { hour: "01:00", calls: 0 }, { hour: "02:00", calls: 0 }]);
    const utc = await loadAnalytics(db, resolvePeriod({ days: 1 }, now, "UTC"), now);
    expect(utc.durationByDay[0]!.day).toBe("03-10");
  });
});

describe("period parameters", () => {
  it.each([
    [{ from: "2026-02-31", to: "2026-03-01" }, "from", /not a real date/],
    [{ from: "2026-02-01", to: "2026-13-01" }, "to", /not a real date/],
    [{ from: "2026-03-01" }, "to", /both from and to/],
    [{ days: "5" }, "days", /one of 1, 7, 30, 90/],
    [{ days: "week" }, "days", /one of/],
    [{ from: "2026-03-02", to: "2026-03-01" }, "from", /on or before/],
    [{ from: "2024-01-01", to: "2026-01-01" }, "to", /at most 366 days/],
    [{ zone: "UTC" }, "", /Unrecognized/i],
  ])("rejects %o naming %s", (input, param, message) => {
    const r = analyticsQuery.safeParse(input);
    expect(r.success).toBe(false);
    const issue = r.error!.issues[0]!;
    expect(issue.path.join(".")).toBe(param);
    expect(issue.message).toMatch(message);
  });
});
