// The routing score, one definition (lib/routing/README.md):
//   score = recentCalls * weightRecentCalls + (avgDurationSeconds / 60) * weightDurationMinutes - avgRating * weightRating
//           - exploration
// lower is better; avgRating is a Bayesian average with ratingPriorCount pseudo-ratings at ratingPriorMean, so a new
// agent starts at the prior (neither starved nor favoured) and converges to their real mean as ratings arrive.
// exploration = weightExploration / sqrt(ratingCount + 1): an upper-confidence bonus that is large while an agent's
// rating is uncertain and fades as ratings arrive (0 with the default weight, so the seed's order is unchanged).
// skillPoints = weightSkill * proficiency (#19): only for a caller who needs a skill (lib/routing/skills.ts); agents
// without that skill are never candidates (the pool filters them), so this term only orders the agents who have it.
// The other policies (longest-idle, round-robin, random) are the industry baselines the routing lab compares against;
// they reuse the same heap, claims and queue and only replace the number the heap orders by.
import { createHash } from "node:crypto";
import type { AgentScoreTerms } from "./types";
import type { RoutingConfig } from "./config";

export type AgentStats = {
  totalCalls: number;
  avgCallDuration: number; // seconds over connected agent calls
  ratingSum: number;
  ratingCount: number;
  // Only the baseline policies read these (the pool passes the whole agent row).
  id?: string;
  idleSince?: Date;
  lastAssignedAt?: Date | null;
};

type ScoreConfig = Pick<
  RoutingConfig,
  "weightRecentCalls" | "weightDurationMinutes" | "weightRating" | "ratingPriorCount" | "ratingPriorMean"
> &
  Partial<Pick<RoutingConfig, "policy" | "weightExploration" | "weightSkill">>;

export function bayesianRating(ratingSum: number, ratingCount: number, cfg: ScoreConfig): number {
  const denominator = ratingCount + cfg.ratingPriorCount;
  // With no prior and no ratings there is nothing to average: use the prior mean rather than NaN.
  if (denominator === 0) return cfg.ratingPriorMean;
  return (ratingSum + cfg.ratingPriorCount * cfg.ratingPriorMean) / denominator;
}

/** Score points subtracted for an agent whose rating is still uncertain (UCB-style, 1/sqrt(n+1)). */
export function explorationBonus(ratingCount: number, weightExploration = 0): number {
  if (weightExploration === 0) return 0;
  return weightExploration / Math.sqrt(Math.max(0, ratingCount) + 1);
}

/** A uniform number in [0, 1) from a string: the random policy's key, reproducible for the lab. */
export function hashUnit(text: string): number {
  return createHash("sha1").update(text).digest().readUInt32BE(0) / 2 ** 32;
}

/** Score points subtracted for the agent's proficiency (1-5) in the skill the caller needs; 0 when none is needed. */
export function skillPoints(proficiency: number | null | undefined, weightSkill = 0): number {
  if (proficiency == null || weightSkill === 0) return 0;
  return weightSkill * proficiency;
}

/**
 * The score and its terms. `proficiency` is the agent's level in the skill the caller needs (null: no skill needed).
 * With no skill needed, or ROUTING_WEIGHT_SKILL 0, the number is exactly the seed's formula (plus exploration).
 */
export function scoreTerms(stats: AgentStats, recentCalls: number, cfg: ScoreConfig, proficiency: number | null = null): AgentScoreTerms {
  const avgDurationSeconds = stats.totalCalls > 0 ? stats.avgCallDuration : 0;
  const avgRating = bayesianRating(stats.ratingSum, stats.ratingCount, cfg);
  const exploration = explorationBonus(stats.ratingCount, cfg.weightExploration);
  const skill = skillPoints(proficiency, cfg.weightSkill);
  const score =
    recentCalls * cfg.weightRecentCalls +
    (avgDurationSeconds / 60) * cfg.weightDurationMinutes -
    avgRating * cfg.weightRating -
    exploration -
    skill;
  const base = { recentCalls, avgDurationSeconds, avgRating, ratingCount: stats.ratingCount, score };
  const withSkill = proficiency == null ? base : { ...base, proficiency, skillPoints: skill };
  const policy = cfg.policy ?? "score";
  if (policy === "score") return exploration === 0 ? withSkill : { ...withSkill, exploration };
  return { ...withSkill, score: baselineKey(policy, stats) };
}

/** The number a baseline policy orders by (lower first); ties fall to the longest idle in candidateLess. */
function baselineKey(policy: Exclude<NonNullable<ScoreConfig["policy"]>, "score">, stats: AgentStats): number {
  switch (policy) {
    case "longest-idle":
      return 0; // every score equal: candidateLess orders by idleSince, i.e. longest idle first
    case "round-robin":
      return stats.lastAssignedAt?.getTime() ?? 0; // least recently assigned first
    case "random":
      // Re-drawn whenever the agent's idleSince changes (each release): a fresh uniform draw per free spell.
      return hashUnit(`${stats.id ?? ""}:${stats.idleSince?.getTime() ?? 0}`);
  }
}

export type Candidate = {
  agentId: string;
  name: string;
  phone: string;
  idleSince: number; // ms since epoch
  terms: AgentScoreTerms;
};

/** Heap order: lower score first; ties go to the agent idle longest; then id, so the order is total. */
export function candidateLess(a: Candidate, b: Candidate): boolean {
  if (a.terms.score !== b.terms.score) return a.terms.score < b.terms.score;
  if (a.idleSince !== b.idleSince) return a.idleSince < b.idleSince;
  return a.agentId < b.agentId;
}
