// The estimated wait's arithmetic and rounding (the method is in wait-estimate.ts and the README).
import { describe, expect, it } from "vitest";
import { DEFAULT_HANDLE_SECONDS, estimateFromStats, MIN_RECENT_CALLS, offersAlternatives, spokenWait, WAIT_ESTIMATE_MAX_SECONDS } from "./wait-estimate";

const cfg = { wrapUpSeconds: 30 };

describe("estimateFromStats", () => {
  it("position × (recent talk + wrap-up) / serving agents", () => {
    const e = estimateFromStats(3, { servingAgents: 2, recentCalls: 10, recentTalkSeconds: 10 * 150, allTimeAvgSeconds: 400 }, cfg);
    expect(e).toMatchObject({ basis: "recent", perDepartureSeconds: 90, seconds: 225, servingAgents: 2 }); // (3 - 0.5) × 90
  });

  it("falls back to the agents' all-time average, then a default, when few calls ended recently", () => {
    const few = { servingAgents: 1, recentCalls: MIN_RECENT_CALLS - 1, recentTalkSeconds: 100, allTimeAvgSeconds: 200 };
    expect(estimateFromStats(1, few, cfg)).toMatchObject({ basis: "all-time", perDepartureSeconds: 230, seconds: 115 });
    expect(estimateFromStats(1, { ...few, allTimeAvgSeconds: null }, cfg)).toMatchObject({ basis: "default", perDepartureSeconds: DEFAULT_HANDLE_SECONDS + 30 });
  });

  it("no serving agent: no estimate; a huge line is capped", () => {
    expect(estimateFromStats(1, { servingAgents: 0, recentCalls: 50, recentTalkSeconds: 5000, allTimeAvgSeconds: 100 }, cfg)).toBeNull();
    expect(estimateFromStats(10_000, { servingAgents: 1, recentCalls: 0, recentTalkSeconds: 0, allTimeAvgSeconds: 600 }, cfg)?.seconds).toBe(WAIT_ESTIMATE_MAX_SECONDS);
  });
});

describe("spokenWait", () => {
  it.each([
    [0, { kind: "under-a-minute" }],
    [59, { kind: "under-a-minute" }],
    [60, { kind: "minutes", minutes: 1 }],
    [150, { kind: "minutes", minutes: 3 }],
    [29 * 60, { kind: "minutes", minutes: 29 }],
    [45 * 60, { kind: "over", minutes: 30 }],
  ])("%i s -> %o", (seconds, spoken) => {
    expect(spokenWait(seconds)).toEqual(spoken);
  });
});

describe("the callback and voicemail offer (CALLBACK_OFFER_AFTER_SECONDS)", () => {
  it("is made from the first announcement by default (limit 0)", () => {
    expect(offersAlternatives(30, 0)).toBe(true);
  });
  it("waits for an estimate at the limit: 4 min 59 s is not offered at a 5-minute limit, 5 min is", () => {
    expect(offersAlternatives(299, 300)).toBe(false);
    expect(offersAlternatives(300, 300)).toBe(true);
  });
  it("is made when no estimate can be given (nobody staffed: the wait is unknown)", () => {
    expect(offersAlternatives(null, 300)).toBe(true);
  });
});
