// A language's schedule as lib/hours/schedule.ts reads it: its weekly rows (none = open 24/7) and its exceptions
// from yesterday on (nextOpening looks ahead; yesterday covers any zone's "today"). Two indexed reads of small tables.
import { DateTime } from "luxon";
import type { Db } from "../db/client";
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
