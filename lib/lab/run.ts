// One lab run of a scenario: the same population through every policy, each on its own fresh database.
import { clearPools } from "../routing/agent-pool";
import type { DatabaseFactory } from "./floor";
import { seedFloor } from "./floor";
import { computeMetrics, type Curves, type PolicyMetrics } from "./metrics";
import { labConfig, type Policy, POLICIES } from "./policies";
import { buildAgents, buildCallers } from "./population";
import type { Scenario } from "./scenario";
import { simulate } from "./simulate";

export type PolicyResult = { policy: string; description: string; decisions: number; metrics: PolicyMetrics; curves: Curves };
export type ScenarioResult = {
  scenario: string;
  description: string;
  seed: number;
  days: number;
  agents: number;
  callers: number;
  policies: PolicyResult[];
  /** Wall-clock seconds per policy: the only part of a result that differs between identical runs. */
  timing: Record<string, number>;
};

export async function runScenario(
  s: Scenario,
  factory: DatabaseFactory,
  opts: { policies?: Policy[]; onPolicy?: (name: string, seconds: number) => void } = {},
): Promise<ScenarioResult> {
  const agents = buildAgents(s);
  const callers = buildCallers(s);
  const results: PolicyResult[] = [];
  const timing: Record<string, number> = {};
  for (const policy of opts.policies ?? POLICIES) {
    const started = performance.now();
    const { db, dispose } = await factory.create(`${s.name}-${policy.name}`);
    try {
      await seedFloor(db, s, agents, { oracle: policy.oracle });
      const log = await simulate(db, s, agents, callers, labConfig(policy, s));
      const { metrics, curves } = computeMetrics(s, agents, log);
      results.push({ policy: policy.name, description: policy.description, decisions: log.decisions, metrics, curves });
    } finally {
      clearPools(db);
      await dispose();
    }
    timing[policy.name] = Math.round((performance.now() - started) / 100) / 10;
    opts.onPolicy?.(policy.name, timing[policy.name] ?? 0);
  }
  return { scenario: s.name, description: s.description, seed: s.seed, days: s.days, agents: agents.length, callers: callers.length, policies: results, timing };
}
