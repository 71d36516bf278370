// The routing score, one definition (lib/routing/README.md):
//   score = recentCalls * weightRecentCalls + (avgDurationSeconds / 60) * weightDurationMinutes - avgRating * weightRating
// lower is better; avgRating is a Bayesian average with ratingPriorCount pseudo-ratings at ratingPriorMean, so a new
// agent starts at the prior (neither starved nor favoured) and converges to their real mean as ratings arrive.
import type { AgentScoreTerms } from "./types";
import type { RoutingConfig } from "./config";

export type AgentStats = {
  totalCalls: number;
  avgCallDuration: number; // seconds over connected agent calls
  ratingSum: number;
  ratingCount: number;
};

type ScoreConfig = Pick<
  RoutingConfig,
  "weightRecentCalls" | "weightDurationMinutes" | "weightRating" | "ratingPriorCount" | "ratingPriorMean"
>;

export function bayesianRating(ratingSum: number, ratingCount: number, cfg: ScoreConfig): number {
  const denominator = ratingCount + cfg.ratingPriorCount;
  // With no prior and no ratings there is nothing to average: use the prior mean rather than NaN.
  if (denominator === 0) return cfg.ratingPriorMean;
  return (ratingSum + cfg.ratingPriorCount * cfg.ratingPriorMean) / denominator;
}

export function scoreTerms(stats: AgentStats, recentCalls: number, cfg: ScoreConfig): AgentScoreTerms {
  const avgDurationSeconds = stats.totalCalls > 0 ? stats.avgCallDuration : 0;
  const avgRating = bayesianRating(stats.ratingSum, stats.ratingCount, cfg);
  const score =
    recentCalls * cfg.weightRecentCalls +
    (avgDurationSeconds / 60) * cfg.weightDurationMinutes -
    avgRating * cfg.weightRating;
  return { recentCalls, avgDurationSeconds, avgRating, ratingCount: stats.ratingCount, score };
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
