// The #19 terms as pure functions: the skill term, the place in line (aging priority), the preferred-agent step, and
// the validation of skills. Their behaviour against a database is in routing-19.test.ts.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ROUTING_DEFAULTS } from "../env";
import { MinHeap } from "./min-heap";
import { preferredAgentOf, preferredStep, type PreferredState } from "./preferred-agent";
import { compareQueueOrder, effectivePrioritySeconds, placeInLine } from "./queue";
import { type Candidate, candidateLess, scoreTerms, skillPoints } from "./score";
import { agentSkillsInput, requiredSkillFor, skillByNumber } from "./skills";

const seed = { ...ROUTING_DEFAULTS, weightRecentCalls: 10, weightDurationMinutes: 1, weightRating: 5, ratingPriorCount: 3, ratingPriorMean: 2.5 };
const order = (cs: Candidate[]) => new MinHeap<Candidate>((c) => c.agentId, candidateLess, cs).toSortedArray().map((c) => c.agentId);

const agentArb = fc.record({
  totalCalls: fc.integer({ min: 0, max: 300 }),
  avgCallDuration: fc.double({ min: 0, max: 1800, noNaN: true }),
  ratingCount: fc.integer({ min: 0, max: 200 }),
  ratingMean: fc.double({ min: 1, max: 4, noNaN: true }),
  recent: fc.integer({ min: 0, max: 20 }),
  idleSince: fc.integer({ min: 0, max: 1e9 }),
  proficiency: fc.integer({ min: 1, max: 5 }),
});
type A = { totalCalls: number; avgCallDuration: number; ratingCount: number; ratingMean: number; recent: number; idleSince: number; proficiency: number };

function candidate(a: A, i: number, cfg: Parameters<typeof scoreTerms>[2], proficiency: number | null): Candidate {
  const stats = { totalCalls: a.totalCalls, avgCallDuration: a.avgCallDuration, ratingCount: a.ratingCount, ratingSum: Math.round(a.ratingMean * a.ratingCount) };
  return { agentId: `a${i}`, name: "", phone: "", idleSince: a.idleSince, terms: scoreTerms(stats, a.recent, cfg, proficiency) };
}

describe("skill term", () => {
  it("subtracts weight x proficiency, is recorded with the terms, and is absent when no skill is needed", () => {
    expect(skillPoints(4, 2)).toBe(8);
    expect(skillPoints(null, 2)).toBe(0);
    expect(skillPoints(5, 0)).toBe(0);
    const stats = { totalCalls: 0, avgCallDuration: 0, ratingSum: 0, ratingCount: 0 };
    const expert = scoreTerms(stats, 0, { ...seed, weightSkill: 2 }, 5);
    const learner = scoreTerms(stats, 0, { ...seed, weightSkill: 2 }, 1);
    expect(expert).toMatchObject({ proficiency: 5, skillPoints: 10 });
    expect(expert.score).toBeCloseTo(-2.5 * 5 - 10, 12);
    expect(expert.score).toBeLessThan(learner.score); // lower is better: the expert is preferred
    const none = scoreTerms(stats, 0, { ...seed, weightSkill: 2 }, null);
    expect(none).not.toHaveProperty("proficiency");
    expect(none.score).toBeCloseTo(-2.5 * 5, 12);
  });

  it("with the new weights at zero the order is exactly the seed's, whatever the proficiencies (property)", () => {
    fc.assert(
      fc.property(fc.array(agentArb, { minLength: 1, maxLength: 12 }), (agents) => {
        const today = order(agents.map((a, i) => candidate(a, i, { ...seed, weightExploration: 0, weightSkill: 0 }, null)));
        const withSkillsAtZero = order(agents.map((a, i) => candidate(a, i, { ...seed, weightExploration: 0, weightSkill: 0 }, a.proficiency)));
        // And with the default skill weight, a caller who needs no skill is ranked exactly as today.
        const noSkillNeeded = order(agents.map((a, i) => candidate(a, i, { ...seed, weightExploration: 0 }, null)));
        expect(withSkillsAtZero).toEqual(today);
        expect(noSkillNeeded).toEqual(today);
      }),
      { numRuns: 300 },
    );
  });

  it("between agents equal in everything else, higher proficiency always ranks first (property)", () => {
    fc.assert(
      fc.property(agentArb, fc.integer({ min: 1, max: 4 }), fc.double({ min: 0.01, max: 50, noNaN: true }), (a, lower, w) => {
        const cfg = { ...seed, weightSkill: w };
        const hi = candidate({ ...a, idleSince: a.idleSince + 1 }, 1, cfg, lower + 1); // idle less long: would lose the tie
        const lo = candidate(a, 2, cfg, lower);
        expect(order([lo, hi])[0]).toBe(hi.agentId);
      }),
      { numRuns: 300 },
    );
  });
});

describe("skills validation", () => {
  it("rejects an unknown skill, a proficiency outside 1-5 or not whole, and a skill listed twice, with a clear message", () => {
    const bad = [
      [{ skill: "juggling", proficiency: 3 }],
      [{ skill: "billing", proficiency: 0 }],
      [{ skill: "billing", proficiency: 6 }],
      [{ skill: "billing", proficiency: 2.5 }],
      [{ skill: "billing", proficiency: "x" }],
      [{ skill: "billing", proficiency: 3 }, { skill: "billing", proficiency: 4 }],
    ];
    const messages = bad.map((b) => {
      const r = agentSkillsInput.safeParse(b);
      expect(r.success).toBe(false);
      return r.error?.issues[0]?.message;
    });
    expect(messages[0]).toMatch(/Unknown skill "juggling"/);
    expect(messages.slice(1, 5).every((m) => /1 to 5/.test(m ?? ""))).toBe(true);
    expect(messages[5]).toMatch(/once/);
    expect(agentSkillsInput.parse([{ skill: "billing", proficiency: "5" }])).toEqual([{ skill: "billing", proficiency: 5 }]);
  });

  it("maps dialled numbers to skills and refuses an unknown skill or a malformed number in the configuration", () => {
    const map = skillByNumber.parse("+14155550100=billing, +14155550101=technical");
    expect(requiredSkillFor("+14155550100", map)).toBe("billing");
    expect(requiredSkillFor("+14155559999", map)).toBeNull();
    expect(requiredSkillFor(null, map)).toBeNull();
    expect(skillByNumber.safeParse("+14155550100=juggling").error?.issues[0]?.message).toMatch(/Unknown skill/);
    expect(skillByNumber.safeParse("4155550100=billing").success).toBe(false);
  });
});

describe("aging priority (place in line)", () => {
  it("moves a caller earlier by priority x boost, clamped to 0-3; priority 0 is first come, first served", () => {
    const t = new Date("2026-11-30T10:00:00Z");
    expect(placeInLine(t, 0, 60)).toEqual(t);
    expect(placeInLine(t, 2, 60).getTime()).toBe(t.getTime() - 120_000);
    expect(placeInLine(t, 9, 60).getTime()).toBe(t.getTime() - 180_000);
    expect(placeInLine(t, -1, 60)).toEqual(t);
    expect(placeInLine(t, 3, 0)).toEqual(t);
  });

  it("a waiting caller's effective priority never decreases (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e9 }),
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 0, max: 600 }),
        fc.array(fc.integer({ min: 0, max: 10_000 }), { minLength: 2, maxLength: 20 }),
        (arrival, priority, boost, steps) => {
          const placeAt = placeInLine(new Date(arrival), priority, boost); // fixed once queued
          let t = arrival;
          let last = -Infinity;
          for (const dt of steps) {
            t += dt;
            const eff = effectivePrioritySeconds(placeAt, new Date(t));
            expect(eff).toBeGreaterThanOrEqual(last);
            last = eff;
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("nobody is served after a later higher-priority caller who arrived more than boost x priority gap later (property)", () => {
    const caller = fc.record({ arrival: fc.integer({ min: 0, max: 3600 }), priority: fc.integer({ min: 0, max: 3 }) });
    fc.assert(
      fc.property(fc.array(caller, { minLength: 2, maxLength: 40 }), fc.integer({ min: 0, max: 300 }), (callers, boost) => {
        const queue = callers.map((c, i) => {
          const queuedAt = new Date(c.arrival * 1000);
          return { id: `c${String(i).padStart(3, "0")}`, ...c, queuedAt, placeAt: placeInLine(queuedAt, c.priority, boost) };
        });
        const served = [...queue].sort(compareQueueOrder);
        served.forEach((b, i) => {
          for (const a of served.slice(i + 1)) {
            // b is served before a. If b came later, b's priority lead bounds how much later b may have come.
            if (b.arrival > a.arrival) {
              expect(b.priority).toBeGreaterThan(a.priority);
              expect(b.arrival - a.arrival).toBeLessThanOrEqual((b.priority - a.priority) * boost);
            }
          }
        });
      }),
      { numRuns: 300 },
    );
  });

  it("orders rows queued before #19 (no placeAt) by their queuedAt, then by id", () => {
    const t = (s: number) => new Date(s * 1000);
    const rows = [
      { id: "b", placeAt: null, queuedAt: t(10) },
      { id: "a", placeAt: t(10), queuedAt: t(70) },
      { id: "c", placeAt: t(5), queuedAt: t(5) },
    ];
    expect([...rows].sort(compareQueueOrder).map((r) => r.id)).toEqual(["c", "a", "b"]);
  });
});

describe("preferred agent", () => {
  const cfg = { preferredAgent: true, preferredWaitSeconds: 20 };

  it("is the last agent the caller rated 3 or 4, and nobody when the rating was 1-2, missing, or the feature is off", () => {
    expect(preferredAgentOf({ lastAgentId: "x", lastRating: 4 }, cfg)).toBe("x");
    expect(preferredAgentOf({ lastAgentId: "x", lastRating: 3 }, cfg)).toBe("x");
    expect(preferredAgentOf({ lastAgentId: "x", lastRating: 2 }, cfg)).toBeNull();
    expect(preferredAgentOf({ lastAgentId: "x", lastRating: null }, cfg)).toBeNull();
    expect(preferredAgentOf({ lastAgentId: null, lastRating: 4 }, cfg)).toBeNull();
    expect(preferredAgentOf({ lastAgentId: "x", lastRating: 4 }, { ...cfg, preferredAgent: false })).toBeNull();
  });

  it("never delays a caller beyond the configured wait (property)", () => {
    const states: PreferredState[] = ["claimable", "busy", "ineligible"];
    fc.assert(
      fc.property(
        fc.constantFrom(...states),
        fc.double({ min: 0, max: 1000, noNaN: true }),
        fc.double({ min: 0, max: 120, noNaN: true }),
        fc.boolean(),
        (state, waited, wait, on) => {
          const step = preferredStep(state, waited, { preferredAgent: on, preferredWaitSeconds: wait });
          if (step === "wait") {
            expect(waited).toBeLessThan(wait);
            expect(state).toBe("busy");
          }
          if (!on) expect(step).toBe("skip");
          if (on && state === "claimable") expect(step).toBe("claim");
        },
      ),
      { numRuns: 500 },
    );
  });
});
