// Which period the analytics page, its JSON API and the CSV export cover: today / 7 / 30 / 90 days ending today, or
// a custom range of whole days (from..to inclusive), all in the call centre's zone. Bad input answers 400 naming
// the parameter (parseAnalyticsPeriod), never a silently different period.
import { DateTime } from "luxon";
import { z } from "zod";
import { callCentreZone, dayBuckets, daysAgo, isRealDay, startOfDay, type Bucket } from "./time";

export const PERIOD_DAYS = [1, 7, 30, 90] as const;
export const MAX_CUSTOM_DAYS = 366;

const blank = (v: unknown) => (v === "" || v === null ? undefined : v);
export const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "use a date like 2026-01-31").refine(isRealDay, "not a real date");

export const analyticsQuery = z
  .object({
    days: z.preprocess(
      blank,
      z.coerce
        .number({ error: `days must be one of ${PERIOD_DAYS.join(", ")}` })
        .refine((d) => (PERIOD_DAYS as readonly number[]).includes(d), `days must be one of ${PERIOD_DAYS.join(", ")}`)
        .optional(),
    ),
    from: z.preprocess(blank, isoDay.optional()),
    to: z.preprocess(blank, isoDay.optional()),
  })
  .strict()
  .refine((q) => (q.from === undefined) === (q.to === undefined), { message: "a custom period needs both from and to", path: ["to"] })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: "from must be on or before to", path: ["from"] })
  .refine((q) => !(q.days && q.from), { message: "give either days or from/to, not both", path: ["days"] })
  .refine((q) => !q.from || !q.to || DateTime.fromISO(q.to).diff(DateTime.fromISO(q.from), "days").days < MAX_CUSTOM_DAYS, {
    message: `a custom period is at most ${MAX_CUSTOM_DAYS} days`,
    path: ["to"],
  });

export type AnalyticsQuery = z.infer<typeof analyticsQuery>;

export type AnalyticsPeriod = {
  /** Days in the period (1 = today). */
  days: number;
  from: string;
  to: string;
  custom: boolean;
  start: Date;
  /** Exclusive: local midnight after the last day. */
  end: Date;
  buckets: Bucket[];
  zone: string;
};

export function resolvePeriod(q: AnalyticsQuery, now = new Date(), zone = callCentreZone()): AnalyticsPeriod {
  if (q.from && q.to) {
    const start = startOfDay(q.from, zone)!;
    const count = Math.round(DateTime.fromISO(q.to).diff(DateTime.fromISO(q.from), "days").days) + 1;
    const buckets = dayBuckets(start, count, zone);
    return { days: count, from: q.from, to: q.to, custom: true, start, end: buckets.at(-1)!.end, buckets, zone };
  }
  const days = q.days ?? 7;
  const start = daysAgo(days, now, zone);
  const buckets = dayBuckets(start, days, zone);
  return { days, from: buckets[0]!.key, to: buckets.at(-1)!.key, custom: false, start, end: buckets.at(-1)!.end, buckets, zone };
}

/** The 400 body every analytics/export endpoint answers: each bad parameter named. */
export function queryIssues(error: z.ZodError) {
  return { error: "Invalid query parameters.", issues: error.issues.map((i) => ({ param: i.path.join(".") || "query", message: i.message })) };
}
