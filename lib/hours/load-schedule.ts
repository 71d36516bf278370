// A language's schedule as lib/hours/schedule.ts reads it: its weekly rows (none = open 24/7) and its exceptions
// from yesterday on (nextOpening looks ahead; yesterday covers any zone's "today"). Two indexed reads of small tables.
//
// The IVR asks on every language choice (issue #20: two round trips of a caller's wait), so it reads through a
// per-process cache (cachedSchedule): a supervisor's save on this instance drops it at once (save-hours.ts calls
// forgetSchedules), other instances see the change within SCHEDULE_TTL_MS. The hours page reads uncached.
import { DateTime } from "luxon";
import type { Db } from "../db/client";
import { perDbCache } from "../db/per-db-cache";
import type { DayHours, Schedule } from "./schedule";

export async function loadSchedule(db: Db, languageCode: string, zone: string, now = new Date()): Promise<Schedule> {
  const since = DateTime.fromJSDate(now, { zone }).minus({ days: 1 }).toFormat("yyyy-MM-dd");
  const [weekly, exceptions] = await Promise.all([
    db.businessHours.findMany({ where: { languageCode } }),
    db.hoursException.findMany({ where: { languageCode, date: { gte: since } } }),
  ]);
  const day = (closed: boolean, opensAt: number | null, closesAt: number | null): DayHours | null =>
    closed || opensAt === null || closesAt === null || opensAt >= closesAt ? null : { opensAt, closesAt };
  return {
    weekly: weekly.length === 0 ? null : new Map(weekly.map((w) => [w.weekday, day(w.closed, w.opensAt, w.closesAt)])),
    exceptions: new Map(exceptions.map((e) => [e.date, day(e.closed, e.opensAt, e.closesAt)])),
  };
}

/** How long another instance may keep answering from hours a supervisor has since changed. */
export const SCHEDULE_TTL_MS = 5_000;

// Keyed by client, then language + zone + the first exception date read (a new day reads afresh). The age is
// measured on the monotonic clock: tests fake Date to move the call centre's day, which must not keep an entry alive.
const cache = perDbCache<Schedule>(SCHEDULE_TTL_MS);

/** loadSchedule through the per-process cache (the IVR's hot path). */
export function cachedSchedule(db: Db, languageCode: string, zone: string, now = new Date()): Promise<Schedule> {
  const since = DateTime.fromJSDate(now, { zone }).minus({ days: 1 }).toFormat("yyyy-MM-dd");
  return cache.get(db, `${languageCode}|${zone}|${since}`, performance.now(), () => loadSchedule(db, languageCode, zone, now));
}

/** Drop every cached schedule of `db` (a supervisor saved hours; tests that write hours directly). */
export function forgetSchedules(db: Db): void {
  cache.forget(db);
}
