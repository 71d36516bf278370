import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ROUTING_DEFAULTS } from "../env";
import { bayesianRating, candidateLess, scoreTerms } from "./score";

// The seed's weights, spelled out: these tests pin the formula, not today's defaults (lib/env.ts may tune them).
const cfg = { ...ROUTING_DEFAULTS, weightRecentCalls: 10, weightDurationMinutes: 1, weightRating: 5, weightExploration: 0 };

describe("score", () => {
  it("is recent*10 + avgDuration/60 - avgRating*5 with the seed's weights", () => {
    const t = scoreTerms({ totalCalls: 10, avgCallDuration: 240, ratingSum: 35, ratingCount: 10 }, 2, cfg);
    const avgRating = (35 + cfg.ratingPriorCount * cfg.ratingPriorMean) / (10 + cfg.ratingPriorCount);
    expect(t.avgRating).toBeCloseTo(avgRating, 12);
    expect(t.score).toBeCloseTo(2 * cfg.weightRecentCalls + (240 / 60) * cfg.weightDurationMinutes - avgRating * cfg.weightRating, 12);
  });

  it("starts a new agent at the prior mean and lets real ratings take over", () => {
    expect(bayesianRating(0, 0, cfg)).toBe(cfg.ratingPriorMean);
    expect(bayesianRating(400, 100, cfg)).toBeGreaterThan(3.9);
    expect(bayesianRating(100, 100, cfg)).toBeLessThan(1.1);
    expect(bayesianRating(0, 0, { ...cfg, ratingPriorCount: 0 })).toBe(cfg.ratingPriorMean);
  });

  it("uses the configured weights, not literals", () => {
    const stats = { totalCalls: 1, avgCallDuration: 120, ratingSum: 4, ratingCount: 1 };
    const t = scoreTerms(stats, 1, { ...cfg, weightRecentCalls: 0, weightDurationMinutes: 0, weightRating: 1, ratingPriorCount: 0 });
    expect(t.score).toBe(-4);
  });

  it("a better rating never makes the score worse, all else equal", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 10 }), (count, r, recent) => {
        const base = { totalCalls: count, avgCallDuration: 200, ratingSum: count * 2, ratingCount: count };
        const lower = scoreTerms({ ...base, ratingSum: base.ratingSum + 1, ratingCount: count + 1 }, recent, cfg);
        const higher = scoreTerms({ ...base, ratingSum: base.ratingSum + r, ratingCount: count + 1 }, recent, cfg);
        expect(higher.score).toBeLessThanOrEqual(lower.score);
      }),
    );
  });

  it("breaks ties in favour of the agent idle longest", () => {
    const terms = scoreTerms({ totalCalls: 0, avgCallDuration: 0, ratingSum: 0, ratingCount: 0 }, 0, cfg);
    const early = { agentId: "z", name: "", phone: "", idleSince: 1_000, terms };
    const late = { agentId: "a", name: "", phone: "", idleSince: 2_000, terms };
    expect(candidateLess(early, late)).toBe(true);
    expect(candidateLess(late, early)).toBe(false);
  });
});
