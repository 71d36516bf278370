// Is a language's line open at an instant, and when does it open next? Pure: the schedule, the instant and the
// call-centre zone in, an answer out (lib/hours/load-schedule.ts reads the schedule from the database).
//
// Hours are local wall-clock minutes after midnight in the zone, opening minute included, closing minute excluded:
// 09:00-17:00 is open at 09:00:00 and at 16:59:59, closed at 17:00:00. A closing time of 24:00 (1440) runs to the
// next local midnight. On a daylight-saving day the wall clock decides: with 01:00-03:00 hours, a spring-forward
// night (02:00 -> 03:00) is open for one real hour, a fall-back night (02:00 -> 01:00) for three. An opening time
// that does not exist on a spring-forward day (02:30) opens at the first instant whose wall clock is past it (03:00).
// Overnight hours (22:00-06:00) are two days' entries (22:00-24:00 and 00:00-06:00).
import { DateTime } from "luxon";

export const MINUTES_PER_DAY = 1440;

/** One opening on a day: [opensAt, closesAt) in minutes after local midnight, 0 <= opensAt < closesAt <= 1440. */
export type DayHours = { opensAt: number; closesAt: number };

export type Schedule = {
  /**
   * ISO weekday (1 Monday .. 7 Sunday) to its hours, null when closed all day. `null` for the whole map means no
   * weekly hours are configured: open 24/7 (the behaviour before #18).
   */
  weekly: ReadonlyMap<number, DayHours | null> | null;
  /** YYYY-MM-DD (local) to that day's hours, null for a holiday closed all day. Overrides the weekday. */
  exceptions: ReadonlyMap<string, DayHours | null>;
};

export const OPEN_ALWAYS: Schedule = { weekly: null, exceptions: new Map() };

const ALL_DAY: DayHours = { opensAt: 0, closesAt: MINUTES_PER_DAY };

/** The hours that apply on a local date: the exception if there is one, else the weekday's. */
export function hoursOn(schedule: Schedule, day: DateTime): DayHours | null {
  const key = day.toFormat("yyyy-MM-dd");
  if (schedule.exceptions.has(key)) return schedule.exceptions.get(key) ?? null;
  if (!schedule.weekly) return ALL_DAY;
  return schedule.weekly.get(day.weekday) ?? null;
}

export function isOpen(schedule: Schedule, instant: Date, zone: string): boolean {
  const local = DateTime.fromJSDate(instant, { zone });
  const hours = hoursOn(schedule, local);
  if (!hours) return false;
  const minute = local.hour * 60 + local.minute;
  return minute >= hours.opensAt && minute < hours.closesAt;
}

/** How far ahead nextOpening looks (a year and a bit: a holiday list cannot close a line for longer). */
export const LOOKAHEAD_DAYS = 400;

/** The first instant of a local day at which its zone's UTC offset is `offset` (a daylight-saving transition). */
function transition(dayStart: DateTime, dayEnd: DateTime): number {
  let lo = dayStart.toMillis();
  let hi = dayEnd.toMillis();
  const endOffset = dayEnd.offset;
  while (hi - lo > 60_000) {
    const mid = lo + Math.floor((hi - lo) / 2 / 60_000) * 60_000;
    if (DateTime.fromMillis(mid, { zone: dayStart.zone }).offset === endOffset) hi = mid;
    else lo = mid;
  }
  return hi;
}

/**
 * Instants on a local day where the line may go from closed to open: the opening wall time under each UTC offset
 * the day has (twice on a fall-back day when it falls in the repeated hour), and the daylight-saving transition
 * itself (an opening time skipped by a spring-forward gap opens there). nextOpening keeps those that are open.
 */
function openingCandidates(day: DateTime, hours: DayHours): number[] {
  const start = day.startOf("day");
  const end = start.plus({ days: 1 }).minus({ milliseconds: 1 });
  const wallUtc = Date.UTC(day.year, day.month - 1, day.day, Math.floor(hours.opensAt / 60), hours.opensAt % 60);
  const offsets = new Set([start.offset, end.offset]);
  const out = [...offsets].map((o) => wallUtc - o * 60_000);
  if (start.offset !== end.offset) out.push(transition(start, end));
  return out;
}

/**
 * The first instant at or after `after` at which the line is open (`after` itself when open now), or null when it
 * stays closed for LOOKAHEAD_DAYS.
 */
export function nextOpening(schedule: Schedule, after: Date, zone: string): Date | null {
  if (isOpen(schedule, after, zone)) return after;
  const start = DateTime.fromJSDate(after, { zone }).startOf("day");
  for (let i = 0; i <= LOOKAHEAD_DAYS; i++) {
    const day = start.plus({ days: i });
    const hours = hoursOn(schedule, day);
    if (!hours || hours.opensAt >= hours.closesAt) continue;
    const found = openingCandidates(day, hours)
      .filter((t) => t > after.getTime() && isOpen(schedule, new Date(t), zone))
      .sort((x, y) => x - y)[0];
    if (found !== undefined) return new Date(found);
  }
  return null;
}

/** "09:30" for 570; 1440 is "24:00". */
export function formatMinute(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`;
}

/** "09:30" -> 570, "24:00" -> 1440; null when not a time of day. */
export function parseMinute(text: string): number | null {
  const m = /^([01]\d|2[0-4]):([0-5]\d)$/.exec(text.trim());
  if (!m) return null;
  const minute = Number(m[1]) * 60 + Number(m[2]);
  return minute <= MINUTES_PER_DAY ? minute : null;
}
