// Days and hours in the call centre's zone (CALL_CENTRE_TIME_ZONE, lib/env.ts): "today", day and hour buckets, date
// filters and displayed times. Luxon does the zone arithmetic, so a day across a daylight-saving change is 23 or 25
// hours long and still starts at local midnight. Every function takes the zone explicitly (tests pass one); callers
// in the app use callCentreZone().
import { DateTime } from "luxon";
import { env } from "../env";

export function callCentreZone(): string {
  return env().timeZone;
}

const inZone = (d: Date, zone: string) => DateTime.fromJSDate(d, { zone });

export function startOfToday(now = new Date(), zone = callCentreZone()): Date {
  return inZone(now, zone).startOf("day").toJSDate();
}

/** The next local midnight: the end (exclusive) of today, 23 or 25 hours away on a daylight-saving day. */
export function startOfTomorrow(now = new Date(), zone = callCentreZone()): Date {
  return inZone(now, zone).startOf("day").plus({ days: 1 }).toJSDate();
}

/** Local midnight `days - 1` days before today: the start of a "last N days" period that includes today. */
export function daysAgo(days: number, now = new Date(), zone = callCentreZone()): Date {
  return inZone(now, zone).startOf("day").minus({ days: days - 1 }).toJSDate();
}

/** YYYY-MM-DD of the instant in the zone. */
export function dayKey(d: Date, zone = callCentreZone()): string {
  return inZone(d, zone).toFormat("yyyy-MM-dd");
}

/** Local midnight of a YYYY-MM-DD day, or null when the date does not exist (2026-02-31). */
export function startOfDay(day: string, zone = callCentreZone()): Date | null {
  const dt = DateTime.fromISO(day, { zone });
  return dt.isValid && dt.toFormat("yyyy-MM-dd") === day ? dt.startOf("day").toJSDate() : null;
}

/** True when `day` is a real calendar date written YYYY-MM-DD. */
export function isRealDay(day: string): boolean {
  const dt = DateTime.fromISO(day, { zone: "UTC" });
  return /^\d{4}-\d{2}-\d{2}$/.test(day) && dt.isValid && dt.toFormat("yyyy-MM-dd") === day;
}

export type Bucket = { key: string; label: string; start: Date; end: Date };

/** One bucket per local day from `first` (a local midnight) for `count` days; each ends at the next local midnight. */
export function dayBuckets(first: Date, count: number, zone = callCentreZone()): Bucket[] {
  const start = inZone(first, zone).startOf("day");
  return Array.from({ length: count }, (_, i) => {
    const s = start.plus({ days: i });
    const e = start.plus({ days: i + 1 });
    return { key: s.toFormat("yyyy-MM-dd"), label: s.toFormat("MM-dd"), start: s.toJSDate(), end: e.toJSDate() };
  });
}

/**
 * The last 24 local clock hours, oldest first, ending with the current one. Hours are elapsed time (a fall-back day
 * shows 01:00 twice, a spring-forward day skips 02:00), labelled with the local hour they start at.
 */
export function hourBuckets(now = new Date(), zone = callCentreZone()): Bucket[] {
  const current = inZone(now, zone).startOf("hour");
  return Array.from({ length: 24 }, (_, i) => {
    const s = current.minus({ hours: 23 - i });
    const e = s.plus({ hours: 1 });
    return { key: s.toISO() ?? "", label: s.toFormat("HH:00"), start: s.toJSDate(), end: e.toJSDate() };
  });
}

/** Display form of an instant in the zone, e.g. "Mar 8, 02:30:00". */
export function formatInZone(d: Date | string, zone = callCentreZone()): string {
  return inZone(typeof d === "string" ? new Date(d) : d, zone).toFormat("LLL d, HH:mm:ss");
}
