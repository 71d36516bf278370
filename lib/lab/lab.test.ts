// The routing lab is a measuring instrument: the same seed must give the same numbers, a different seed different
// ones, and its statistics must be the textbook definitions.
import { afterAll, describe, expect, it } from "vitest";
import { sqliteFactory } from "./floor";
import { gini } from "./metrics";
import { POLICIES } from "./policies";
import { buildCallers } from "./population";
import { runScenario } from "./run";
import { type Scenario, listScenarios, loadScenario, scenarioSchema } from "./scenario";

const tiny: Scenario = scenarioSchema.parse({
  name: "tiny",
  description: "test floor",
  seed: 7,
  days: 1,
  openHours: 2,
  callsPerHour: 40,
  shape: [1, 1.4],
  languages: [{ code: "en", share: 0.7 }, { code: "es", share: 0.3 }],
  patienceMeanSeconds: 60,
  customers: 50,
  // #19 in play: a billing line, customers with priority, returning callers (the tuned+19 policy below).
  skillLines: [{ number: "+14155550100", skill: "billing", share: 0.2 }],
  vipShare: 0.2,
  agents: [
    { prefix: "good", count: 2, languages: ["en"], quality: [0, 0.1, 0.4, 0.5], handleMeanSeconds: 240, historyRatings: 5, missProbability: 0.1, skills: [{ skill: "billing", proficiency: 4 }] },
    { prefix: "both", count: 1, languages: ["en", "es"], quality: [0.2, 0.3, 0.3, 0.2], handleMeanSeconds: 200 },
    { prefix: "poor", count: 1, languages: ["en"], quality: [0.6, 0.3, 0.1, 0], handleMeanSeconds: 200, role: "poor" },
    { prefix: "hire", count: 1, languages: ["es"], quality: [0, 0, 0.5, 0.5], handleMeanSeconds: 200, joinsAfterHours: 0.5, role: "new" },
  ],
});

const factory = sqliteFactory();
afterAll(() => factory.close());
const withoutTiming = <T extends { timing: unknown }>({ timing: _t, ...rest }: T) => rest;
const policies = POLICIES.filter((p) => ["tuned+19", "longest-idle", "random"].includes(p.name));

describe("routing lab", () => {
  it("gives exactly the same results twice for a seed, and different ones for another seed", async () => {
    const first = withoutTiming(await runScenario(tiny, factory, { policies }));
    const second = withoutTiming(await runScenario(tiny, factory, { policies }));
    expect(second).toEqual(first);
    const other = withoutTiming(await runScenario({ ...tiny, seed: 8 }, factory, { policies: policies.slice(0, 1) }));
    expect(other.policies[0]?.metrics).not.toEqual(first.policies[0]?.metrics);
    // The floor really ran: callers were offered, served, rated, and the failover and queue paths were used.
    const m = first.policies[0]!.metrics;
    expect(m.offered).toBeGreaterThan(50);
    expect(m.served).toBeGreaterThan(m.offered / 2);
    expect(m.rated).toBeGreaterThan(0);
    expect(first.policies[0]!.decisions).toBeGreaterThan(m.offered);
    expect(m.skillCsat).not.toBeNull();
    expect(m.priorityAsa).not.toBeNull();
  }, 120_000);

  it("offers every policy the same callers (common random numbers)", () => {
    expect(buildCallers(tiny)).toEqual(buildCallers({ ...tiny }));
    expect(buildCallers({ ...tiny, seed: 8 })).not.toEqual(buildCallers(tiny));
  });

  it("computes the Gini coefficient by its definition", () => {
    expect(gini([5, 5, 5, 5])).toBe(0);
    expect(gini([0, 0, 0, 12])).toBeCloseTo(0.75, 12); // (n-1)/n when one takes everything
    expect(gini([1, 2, 3, 4])).toBeCloseTo(0.25, 12);
    expect(gini([])).toBe(0);
  });

  it("ships valid scenario files, and rejects a malformed one with its path", () => {
    expect(listScenarios()).toEqual(["hidden-poor-agent", "new-hire", "overload-peak", "skills-priority-returning", "steady-floor", "two-languages"]);
    for (const name of listScenarios()) expect(loadScenario(name).name).toBe(name);
    expect(() => scenarioSchema.parse({ ...tiny, agents: [{ ...tiny.agents[0], quality: [1, 2] }] })).toThrow(/quality/);
    expect(() => scenarioSchema.parse({ ...tiny, skillLines: [{ number: "+14155550100", skill: "juggling", share: 0.1 }] })).toThrow(/Unknown skill/);
  });
});
