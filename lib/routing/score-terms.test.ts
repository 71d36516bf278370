// The terms #19 added to the score (exploration) and the baseline policies the lab compares against.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ROUTING_DEFAULTS } from "../env";
import { MinHeap } from "./min-heap";
import { type Candidate, candidateLess, explorationBonus, scoreTerms } from "./score";

const seed = { ...ROUTING_DEFAULTS, weightRecentCalls: 10, weightDurationMinutes: 1, weightRating: 5, ratingPriorCount: 3, ratingPriorMean: 2.5 };

const statsArb = fc.record({
  id: fc.string({ minLength: 1, maxLength: 6 }),
  totalCalls: fc.integer({ min: 0, max: 500 }),
  avgCallDuration: fc.double({ min: 0, max: 3600, noNaN: true }),
  ratingCount: fc.integer({ min: 0, max: 400 }),
  ratingMean: fc.double({ min: 1, max: 4, noNaN: true }),
  recent: fc.integer({ min: 0, max: 30 }),
  idleSince: fc.integer({ min: 0, max: 1e9 }),
  lastAssignedAt: fc.option(fc.integer({ min: 0, max: 1e9 }), { nil: null }),
});
type Arb = { id: string; totalCalls: number; avgCallDuration: number; ratingCount: number; ratingMean: number; recent: number; idleSince: number; lastAssignedAt: number | null };

function candidate(a: Arb, i: number, cfg: Parameters<typeof scoreTerms>[2]): Candidate {
  const stats = {
    id: `${a.id}-${i}`,
    totalCalls: a.totalCalls,
    avgCallDuration: a.avgCallDuration,
    ratingCount: a.ratingCount,
    ratingSum: Math.round(a.ratingMean * a.ratingCount),
    idleSince: new Date(a.idleSince),
    lastAssignedAt: a.lastAssignedAt === null ? null : new Date(a.lastAssignedAt),
  };
  return { agentId: stats.id, name: "", phone: "", idleSince: a.idleSince, terms: scoreTerms(stats, a.recent, cfg) };
}

/** The seed's score, written out independently: what "today's order" means. */
function seedScore(a: Arb): number {
  const sum = Math.round(a.ratingMean * a.ratingCount);
  const avgRating = (sum + 3 * 2.5) / (a.ratingCount + 3);
  return a.recent * 10 + (a.totalCalls > 0 ? a.avgCallDuration : 0) / 60 - avgRating * 5;
}

const order = (cs: Candidate[]) => new MinHeap<Candidate>((c) => c.agentId, candidateLess, cs).toSortedArray().map((c) => c.agentId);

describe("exploration term", () => {
  it("is the weight over sqrt(ratings + 1): full for a new agent, a third after 8 ratings, 0 when the weight is 0", () => {
    expect(explorationBonus(0, 10)).toBe(10);
    expect(explorationBonus(8, 9)).toBeCloseTo(3, 12);
    expect(explorationBonus(0, 0)).toBe(0);
    const t = scoreTerms({ totalCalls: 0, avgCallDuration: 0, ratingSum: 0, ratingCount: 0 }, 0, { ...seed, weightExploration: 10 });
    expect(t.exploration).toBe(10);
    expect(t.score).toBeCloseTo(-2.5 * 5 - 10, 12);
  });

  it("never grows as ratings arrive and never exceeds its weight (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), fc.double({ min: 0, max: 100, noNaN: true }), (n, w) => {
        const now = explorationBonus(n, w);
        expect(now).toBeGreaterThanOrEqual(0);
        expect(now).toBeLessThanOrEqual(w);
        expect(explorationBonus(n + 1, w)).toBeLessThanOrEqual(now);
      }),
    );
  });

  it("with the new weight at zero, the order is exactly the seed's (property)", () => {
    fc.assert(
      fc.property(fc.array(statsArb, { minLength: 1, maxLength: 25 }), (agents) => {
        const cs = agents.map((a, i) => candidate(a, i, { ...seed, weightExploration: 0, policy: "score" }));
        cs.forEach((c, i) => {
          expect(c.terms.score).toBe(seedScore(agents[i]!));
          expect(c.terms.exploration).toBeUndefined();
        });
        const reference = agents
          .map((a, i) => ({ id: `${a.id}-${i}`, s: seedScore(a), idle: a.idleSince }))
          .sort((x, y) => x.s - y.s || x.idle - y.idle || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0))
          .map((x) => x.id);
        expect(order(cs)).toEqual(reference);
      }),
    );
  });
});

describe("baseline policies (the lab's comparisons)", () => {
  it("longest-idle orders by idleSince only, whatever the stats (property)", () => {
    fc.assert(
      fc.property(fc.array(statsArb, { minLength: 1, maxLength: 20 }), (agents) => {
        const cs = agents.map((a, i) => candidate(a, i, { ...seed, policy: "longest-idle" }));
        const idle = [...cs].sort((x, y) => x.idleSince - y.idleSince || (x.agentId < y.agentId ? -1 : 1)).map((c) => c.agentId);
        expect(order(cs)).toEqual(idle);
      }),
    );
  });

  it("round-robin puts the least recently assigned first, never-assigned before all", () => {
    const base = { id: "x", totalCalls: 9, avgCallDuration: 60, ratingCount: 9, ratingMean: 4, recent: 0, idleSince: 5 };
    const cs = [
      candidate({ ...base, lastAssignedAt: 300 }, 1, { ...seed, policy: "round-robin" }),
      candidate({ ...base, lastAssignedAt: null }, 2, { ...seed, policy: "round-robin" }),
      candidate({ ...base, lastAssignedAt: 100 }, 3, { ...seed, policy: "round-robin" }),
    ];
    expect(order(cs)).toEqual(["x-2", "x-3", "x-1"]);
  });

  it("random picks each of four free agents about equally often over many free spells", () => {
    const wins = new Map<string, number>();
    for (let spell = 0; spell < 4000; spell++) {
      const cs = [0, 1, 2, 3].map((i) =>
        candidate({ id: "a", totalCalls: 1, avgCallDuration: 60, ratingCount: 1, ratingMean: 4 - i, recent: i, idleSince: spell * 7 + i * 1_000_003, lastAssignedAt: null }, i, { ...seed, policy: "random" }),
      );
      const first = order(cs)[0]!;
      wins.set(first, (wins.get(first) ?? 0) + 1);
    }
    for (const n of wins.values()) expect(n).toBeGreaterThan(850); // 1000 expected; ratings and load play no part
    expect(wins.size).toBe(4);
  });
});
