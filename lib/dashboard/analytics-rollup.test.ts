// The analytics rollup (DailyCallStats, kept by the maintenance job) gives exactly the numbers of the live GROUP BY
// queries: on a random floor over a daylight-saving change, in two zones, for every period, with the rollup full,
// partly filled (gaps computed live) and after late ratings, #18's figures included (calls outside hours, the wait
// estimate's error, voicemails, callbacks by outcome); the job is idempotent, never rolls up today, fills missing days
// newest first within its limit, and recomputes an older day once its open callbacks are settled. Runs on SQLite and, with TEST_DATABASE=postgres, on PostgreSQL.
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createPrismaClient, type Db } from "../db/client";
import { seedDatabase } from "../db/seed";
import { analyticsQuery, resolvePeriod } from "./analytics-period";
import { rollupAnalytics } from "./analytics-rollup";
import { exportAgentsCsv } from "./export-csv";
import { loadAnalytics, type Analytics } from "./load-analytics";

let db: Db;
const NOW = new Date("2026-11-05T15:00:00Z");
const ZONES = ["America/New_York", "Asia/Kathmandu"];
const PERIODS = [{ days: 1 }, { days: 7 }, { days: 30 }, { days: 90 }, { from: "2026-10-30", to: "2026-11-02" }, { from: "2026-11-04", to: "2026-11-05" }];

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
  const rand = rng(1313);
  const pick = <T,>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const statuses = ["COMPLETED", "COMPLETED", "ABANDONED", "FAILED", "CONNECTED", "QUEUED", "IN_IVR"] as const;
  for (let i = 0; i < 240; i++) {
    const start = new Date(NOW.getTime() - Math.floor(rand() * 14 * 86_400_000));
    const routedAt = rand() < 0.7 ? new Date(start.getTime() + 5_000 + Math.floor(rand() * 20_000)) : null;
    const answered = routedAt !== null && rand() < 0.65;
    const connectedAt = answered ? new Date(routedAt.getTime() + Math.floor((rand() - 0.05) * 60_000)) : null;
    const talk = answered ? pick([null, 0, 15, 95, 240, 600]) : null;
    const agentId = answered ? pick(agents).id : null;
    // #18: queued with an announced wait (odd milliseconds: the error is exact to the millisecond), some after hours.
    const queuedAt = routedAt && rand() < 0.8 ? new Date(routedAt.getTime() - Math.floor(rand() * 3_000)) : null;
    const waitEstimateSeconds = queuedAt && rand() < 0.85 ? Math.floor(rand() * 120) : null;
    const call = await db.call.create({
      data: {
        callUuid: `r${i}`, direction: "INBOUND", from: `+1202555${String(i).padStart(4, "0")}`, to: "+14155550000",
        languageCode: pick(["en", "es", null]), agentId, status: pick(statuses), step: "DONE", startedAt: start, routedAt,
        agentConnectedAt: connectedAt, agentTalkSeconds: talk, queuedAt, waitEstimateSeconds, outsideHours: !routedAt && rand() < 0.5,
      },
    });
    if (!routedAt && rand() < 0.3) {
      await db.voicemail.create({ data: { callId: call.id, recordingId: `rec${i}`, recordingUrl: "https://example.com/r", createdAt: new Date(start.getTime() + 40_000) } });
    }
    if (queuedAt && !answered && rand() < 0.4) {
      await db.callback.create({
        data: {
          id: `cb${i}`, originCallId: call.id, phone: call.from, languageCode: "en", placeAt: queuedAt, maxAttempts: 3, nextAttemptAt: queuedAt,
          status: pick(["PENDING", "COMPLETED", "COMPLETED", "FAILED", "CANCELLED", "DIALING"] as const), createdAt: new Date(queuedAt.getTime() + 9_000),
        },
      });
    }
    if (answered && rand() < 0.6) {
      // Some ratings arrive hours later, on the next local day.
      const late = rand() < 0.2 ? 8 * 3_600_000 : 0;
      await db.feedback.create({
        data: { callId: call.id, agentId: rand() < 0.9 ? agentId : null, rating: 1 + Math.floor(rand() * 4), callDuration: talk ?? 0, createdAt: new Date(start.getTime() + 120_000 + (talk ?? 0) * 1000 + late) },
      });
    }
  }
});

function expectEqual(rolled: Analytics, live: Analytics) {
  for (const [k, v] of Object.entries(live.totals)) {
    const got = rolled.totals[k as keyof Analytics["totals"]];
    if (v === null) expect(got, k).toBeNull();
    else expect(got, k).toBeCloseTo(v, 9);
  }
  expect(rolled.csatByLanguage).toEqual(live.csatByLanguage);
  expect(rolled.ratingTrend).toEqual(live.ratingTrend);
  expect(rolled.durationByDay).toEqual(live.durationByDay);
  expect(rolled.callsPerHour).toEqual(live.callsPerHour);
  expect(rolled.afterHours).toEqual(live.afterHours);
  expect(rolled.callbacks).toEqual(live.callbacks);
  expect(rolled.waitEstimate).toEqual(live.waitEstimate);
}

async function compareAll(zone: string) {
  for (const q of PERIODS) {
    const period = resolvePeriod(analyticsQuery.parse(q), NOW, zone);
    const [rolled, live] = await Promise.all([loadAnalytics(db, period, NOW), loadAnalytics(db, period, NOW, { useRollup: false })]);
    try {
      expectEqual(rolled, live);
    } catch (e) {
      throw new Error(`${zone} ${JSON.stringify(q)}: ${(e as Error).message} ${JSON.stringify(rolled.totals)} ${JSON.stringify(live.totals)}`);
    }
    if (q.days === 90) {
      // The #18 figures are not all zero (the comparison would prove nothing).
      expect(live.afterHours.callsOutsideHours).toBeGreaterThan(0);
      expect(live.afterHours.voicemails).toBeGreaterThan(0);
      expect(live.callbacks.completed).toBeGreaterThan(0);
      expect(live.callbacks.open).toBeGreaterThan(0);
      expect(live.waitEstimate.scored).toBeGreaterThan(0);
    }
  }
}

const rollupRows = () => db.dailyCallStats.findMany({ orderBy: [{ zone: "asc" }, { day: "asc" }, { languageCode: "asc" }, { agentId: "asc" }] });

// Each test starts with nothing rolled up (they pass in any order: `vitest --sequence.shuffle`).
beforeEach(async () => {
  await db.dailyCallStats.deleteMany();
  await db.dailyCallStatsDay.deleteMany();
});

async function rollUpAll(zone: string) {
  let r = await rollupAnalytics(db, { now: NOW, zone });
  while (r.remaining > 0) r = await rollupAnalytics(db, { now: NOW, zone });
}

describe("analytics rollup", () => {
  it("fills missing closed days newest first within its limit, never today, and partial rollups still equal live", async () => {
    const zone = ZONES[0]!;
    const first = await rollupAnalytics(db, { now: NOW, zone, maxDays: 5 });
    console.log(`rollup first run (max 5 days): ${JSON.stringify(first)}`);
    expect(first.recomputed).toBe(2);
    expect(first.filled).toBe(5);
    expect(first.remaining).toBeGreaterThan(0);
    const days = (await db.dailyCallStatsDay.findMany({ where: { zone }, orderBy: { day: "asc" } })).map((d) => d.day);
    expect(days).toEqual(["2026-10-28", "2026-10-29", "2026-10-30", "2026-10-31", "2026-11-01", "2026-11-02", "2026-11-03", "2026-11-04"].slice(1));
    expect(days).not.toContain("2026-11-05"); // today stays live
    await compareAll(zone); // some days rolled, older ones live
  });

  it("equals the live GROUP BY numbers for every period in two zones once full, and a second run changes nothing", async () => {
    for (const zone of ZONES) {
      await rollUpAll(zone);
      const before = await rollupRows();
      const again = await rollupAnalytics(db, { now: NOW, zone });
      expect(again.filled).toBe(0);
      expect(await rollupRows()).toEqual(before);
      await compareAll(zone);
    }
    expect(await db.dailyCallStats.count()).toBeGreaterThan(0);
  });

  it("a late rating on yesterday shows live at once and in the rollup after the next run", async () => {
    const zone = ZONES[0]!;
    await rollUpAll(zone); // yesterday is in the rollup before its late rating arrives
    const call = await db.call.findFirstOrThrow({ where: { agentId: { not: null }, feedback: null } });
    await db.feedback.create({ data: { callId: call.id, agentId: call.agentId, rating: 1, callDuration: 10, createdAt: new Date("2026-11-04T20:00:00Z") } });
    const period = resolvePeriod(analyticsQuery.parse({ days: 7 }), NOW, zone);
    const live = await loadAnalytics(db, period, NOW, { useRollup: false });
    const stale = await loadAnalytics(db, period, NOW);
    expect(stale.totals.ratings).toBe(live.totals.ratings - 1); // yesterday is read from its rollup until the job runs
    await rollupAnalytics(db, { now: NOW, zone });
    expectEqual(await loadAnalytics(db, period, NOW), live);
  });

  it("the agent summary CSV is the same read from the rollup as computed live", async () => {
    const zone = ZONES[0]!;
    const periods = PERIODS.map((q) => resolvePeriod(analyticsQuery.parse(q), NOW, zone));
    const live = await Promise.all(periods.map((p) => exportAgentsCsv(db, p, NOW))); // nothing rolled up yet
    await rollUpAll(zone);
    expect(await Promise.all(periods.map((p) => exportAgentsCsv(db, p, NOW)))).toEqual(live);
    expect(live[3]!.trim().split("\n").length).toBeGreaterThan(3); // agents with answered calls and ratings
  });

  it("a callback still open when its day was rolled up counts by its outcome once it is settled, after the next run", async () => {
    const zone = ZONES[0]!;
    await rollUpAll(zone);
    const period = resolvePeriod(analyticsQuery.parse({ days: 30 }), NOW, zone);
    // The oldest open callback: its day is well past the days every run recomputes anyway.
    const open = await db.callback.findFirstOrThrow({ where: { status: { in: ["PENDING", "DIALING"] } }, orderBy: { createdAt: "asc" } });
    expect(NOW.getTime() - open.createdAt.getTime()).toBeGreaterThan(4 * 86_400_000);
    await db.callback.update({ where: { id: open.id }, data: { status: "COMPLETED" } });
    const live = await loadAnalytics(db, period, NOW, { useRollup: false });
    expect((await loadAnalytics(db, period, NOW)).callbacks.completed).toBe(live.callbacks.completed - 1); // until the job runs
    // Such days come after the last two and the backfill, within the budget: a run out of budget leaves it for the next.
    expect((await rollupAnalytics(db, { now: NOW, zone, timeBudgetMs: 0 })).recomputed).toBe(2);
    expect((await loadAnalytics(db, period, NOW)).callbacks.completed).toBe(live.callbacks.completed - 1);
    expect((await rollupAnalytics(db, { now: NOW, zone })).recomputed).toBeGreaterThan(2);
    expectEqual(await loadAnalytics(db, period, NOW), live);
    await db.callback.update({ where: { id: open.id }, data: { status: open.status } });
  });
});
