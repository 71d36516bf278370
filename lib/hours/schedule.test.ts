// Business hours at their boundaries (opening minute open, closing minute closed), holidays and special hours, and
// daylight-saving days; then properties against a brute-force minute-by-minute scan over random schedules and zones.
import fc from "fast-check";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { formatMinute, isOpen, nextOpening, OPEN_ALWAYS, parseMinute, type DayHours, type Schedule } from "./schedule";

const NY = "America/New_York";
const AKL = "Pacific/Auckland";
const nineToFive: DayHours = { opensAt: 9 * 60, closesAt: 17 * 60 };

function weekdays(hours: DayHours | null, weekend: DayHours | null = null): Map<number, DayHours | null> {
  return new Map([1, 2, 3, 4, 5, 6, 7].map((d) => [d, d <= 5 ? hours : weekend]));
}

const at = (iso: string, zone: string) => DateTime.fromISO(iso, { zone }).toJSDate();

describe("isOpen", () => {
  const schedule: Schedule = { weekly: weekdays(nineToFive), exceptions: new Map() };

  it("no weekly hours configured: open 24/7, as before #18", () => {
    for (const iso of ["2026-11-30T00:00", "2026-12-05T03:17", "2026-03-08T02:30"]) expect(isOpen(OPEN_ALWAYS, at(iso, NY), NY)).toBe(true);
  });

  it("opening minute is open, the minute before is closed; closing minute is closed, the minute before is open", () => {
    // 2026-11-30 is a Monday.
    expect(isOpen(schedule, at("2026-11-30T08:59:59", NY), NY)).toBe(false);
    expect(isOpen(schedule, at("2026-11-30T09:00:00", NY), NY)).toBe(true);
    expect(isOpen(schedule, at("2026-11-30T16:59:59", NY), NY)).toBe(true);
    expect(isOpen(schedule, at("2026-11-30T17:00:00", NY), NY)).toBe(false);
  });

  it("weekend closed; hours are read in the zone, not UTC", () => {
    expect(isOpen(schedule, at("2026-12-05T12:00", NY), NY)).toBe(false); // Saturday
    // Monday 10:00 in Auckland is Sunday 21:00 UTC: open in Auckland, whatever UTC's weekday is.
    expect(isOpen(schedule, at("2026-11-30T10:00", AKL), AKL)).toBe(true);
    expect(isOpen(schedule, at("2026-11-30T10:00", AKL), "UTC")).toBe(false);
  });

  it("a holiday closes the whole day; special hours replace the weekday's, at their own boundaries", () => {
    const s: Schedule = {
      weekly: weekdays(nineToFive),
      exceptions: new Map<string, DayHours | null>([
        ["2026-12-25", null],
        ["2026-12-24", { opensAt: 9 * 60, closesAt: 12 * 60 }],
        ["2026-12-26", { opensAt: 10 * 60, closesAt: 14 * 60 }], // a Saturday opened specially
      ]),
    };
    expect(isOpen(s, at("2026-12-25T12:00", NY), NY)).toBe(false);
    expect(isOpen(s, at("2026-12-24T11:59", NY), NY)).toBe(true);
    expect(isOpen(s, at("2026-12-24T12:00", NY), NY)).toBe(false);
    expect(isOpen(s, at("2026-12-26T09:59", NY), NY)).toBe(false);
    expect(isOpen(s, at("2026-12-26T10:00", NY), NY)).toBe(true);
  });

  it("closing at 24:00 runs to local midnight", () => {
    const s: Schedule = { weekly: weekdays({ opensAt: 20 * 60, closesAt: 1440 }), exceptions: new Map() };
    expect(isOpen(s, at("2026-11-30T23:59:59", NY), NY)).toBe(true);
    expect(isOpen(s, at("2026-12-01T00:00:00", NY), NY)).toBe(false);
  });

  it("daylight saving: wall-clock hours on the spring-forward and fall-back nights (New York)", () => {
    const s: Schedule = { weekly: null, exceptions: new Map([["2026-03-08", { opensAt: 60, closesAt: 180 }], ["2026-11-01", { opensAt: 60, closesAt: 180 }]]) };
    // 2026-03-08 02:00 EST -> 03:00 EDT: open 01:00-02:00 EST only (one real hour).
    expect(isOpen(s, new Date("2026-03-08T06:00:00Z"), NY)).toBe(true); // 01:00 EST
    expect(isOpen(s, new Date("2026-03-08T06:59:00Z"), NY)).toBe(true); // 01:59 EST
    expect(isOpen(s, new Date("2026-03-08T07:00:00Z"), NY)).toBe(false); // 03:00 EDT
    // 2026-11-01 02:00 EDT -> 01:00 EST: 01:00 happens twice; open for three real hours.
    expect(isOpen(s, new Date("2026-11-01T05:00:00Z"), NY)).toBe(true); // 01:00 EDT
    expect(isOpen(s, new Date("2026-11-01T06:30:00Z"), NY)).toBe(true); // 01:30 EST (second time)
    expect(isOpen(s, new Date("2026-11-01T07:59:00Z"), NY)).toBe(true); // 02:59 EST
    expect(isOpen(s, new Date("2026-11-01T08:00:00Z"), NY)).toBe(false); // 03:00 EST
  });
});

describe("nextOpening", () => {
  const schedule: Schedule = { weekly: weekdays(nineToFive), exceptions: new Map([["2026-12-25", null]]) };

  it("is the instant itself when open, else the next opening minute", () => {
    const now = at("2026-11-30T10:00", NY);
    expect(nextOpening(schedule, now, NY)).toEqual(now);
    expect(nextOpening(schedule, at("2026-11-30T17:00", NY), NY)).toEqual(at("2026-12-01T09:00", NY));
    expect(nextOpening(schedule, at("2026-12-04T18:00", NY), NY)).toEqual(at("2026-12-07T09:00", NY)); // Friday -> Monday
  });

  it("skips a holiday", () => {
    expect(nextOpening(schedule, at("2026-12-24T20:00", NY), NY)).toEqual(at("2026-12-28T09:00", NY)); // Thu eve -> Mon (Fri 25th closed)
  });

  it("an opening time skipped by the spring-forward gap opens at the gap's end", () => {
    const s: Schedule = { weekly: null, exceptions: new Map([["2026-03-08", { opensAt: 150, closesAt: 300 }]]) }; // 02:30-05:00
    const before = new Date("2026-03-08T06:30:00Z"); // 01:30 EST
    expect(isOpen(s, before, NY)).toBe(false);
    expect(nextOpening(s, before, NY)).toEqual(new Date("2026-03-08T07:00:00Z")); // 03:00 EDT
  });

  it("a line closed every day has no next opening", () => {
    const closed: Schedule = { weekly: weekdays(null), exceptions: new Map() };
    expect(nextOpening(closed, at("2026-11-30T10:00", NY), NY)).toBeNull();
  });
});

describe("times of day", () => {
  it("parse and format round-trip, 24:00 included; nonsense is refused", () => {
    for (const t of ["00:00", "09:30", "23:59", "24:00"]) expect(formatMinute(parseMinute(t)!)).toBe(t);
    for (const t of ["24:01", "9:30", "25:00", "12:60", "", "noon"]) expect(parseMinute(t)).toBeNull();
  });
});

// Zones far from UTC and with odd daylight-saving rules (Lord Howe shifts by 30 minutes, Chatham is +12:45/+13:45).
const ZONES = [NY, AKL, "Australia/Lord_Howe", "Pacific/Chatham", "Europe/London", "Asia/Kolkata", "America/Santiago"];
const dayHours = fc
  .tuple(fc.integer({ min: 0, max: 1439 }), fc.integer({ min: 1, max: 1440 }))
  .filter(([o, c]) => o < c)
  .map(([opensAt, closesAt]) => ({ opensAt, closesAt }));
const maybeHours = fc.option(dayHours, { nil: null, freq: 3 });
const scheduleArb = fc.record({
  weekly: fc.option(fc.array(maybeHours, { minLength: 7, maxLength: 7 }).map((days) => new Map(days.map((h, i) => [i + 1, h]))), { nil: null }),
  exceptionDays: fc.array(fc.tuple(fc.integer({ min: 0, max: 4 }), maybeHours), { maxLength: 3 }),
});
// Minute-aligned instants across 2026, weighted towards the daylight-saving changes of the zones above.
const TRANSITIONS = ["2026-03-08T07:00Z", "2026-04-05T14:00Z", "2026-09-26T14:00Z", "2026-11-01T06:00Z", "2026-03-29T01:00Z", "2026-04-04T15:00Z", "2026-10-03T15:00Z"].map((t) => Date.parse(t));
const instantArb = fc.oneof(
  fc.tuple(fc.constantFrom(...TRANSITIONS), fc.integer({ min: -36 * 60, max: 36 * 60 })).map(([t, m]) => t + m * 60_000),
  fc.integer({ min: Date.parse("2026-01-01T00:00Z") / 60_000, max: Date.parse("2026-12-31T00:00Z") / 60_000 }).map((m) => m * 60_000),
);

function build(arb: { weekly: Map<number, DayHours | null> | null; exceptionDays: [number, DayHours | null][] }, instant: number, zone: string): Schedule {
  const base = DateTime.fromMillis(instant, { zone }).startOf("day");
  return { weekly: arb.weekly, exceptions: new Map(arb.exceptionDays.map(([d, h]) => [base.plus({ days: d }).toFormat("yyyy-MM-dd"), h])) };
}

describe("properties (random schedules, zones and instants)", () => {
  it("nextOpening is the first open minute a brute-force scan finds (3 days ahead)", () => {
    let compared = 0;
    let openNow = 0;
    let none = 0;
    fc.assert(
      fc.property(scheduleArb, instantArb, fc.constantFrom(...ZONES), (arb, instant, zone) => {
        const s = build(arb, instant, zone);
        const got = nextOpening(s, new Date(instant), zone);
        let scanned: number | null = null;
        for (let m = 0; m <= 3 * 1440; m++) {
          const t = instant + m * 60_000;
          if (isOpen(s, new Date(t), zone)) {
            scanned = t;
            break;
          }
        }
        if (scanned !== null) {
          compared++;
          if (scanned === instant) openNow++;
          expect(got?.getTime(), `${zone} ${new Date(instant).toISOString()}`).toBe(scanned);
        } else if (got) {
          expect(got.getTime()).toBeGreaterThan(instant + 3 * 1440 * 60_000);
          expect(isOpen(s, got, zone)).toBe(true);
        } else none++;
      }),
      { numRuns: 150 },
    );
    console.log(`nextOpening vs scan: ${compared} compared (${openNow} open at once), ${none} never open`);
  });

  it("isOpen is constant within a minute and flips only at an opening/closing minute or a daylight-saving change", () => {
    fc.assert(
      fc.property(scheduleArb, instantArb, fc.constantFrom(...ZONES), fc.integer({ min: 1, max: 59_999 }), (arb, instant, zone, ms) => {
        const s = build(arb, instant, zone);
        expect(isOpen(s, new Date(instant + ms), zone)).toBe(isOpen(s, new Date(instant), zone));
      }),
      { numRuns: 300 },
    );
  });
});
