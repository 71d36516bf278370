// The routing weights the e2e server runs with: it inherits this process's environment (playwright.config.ts), so
// the same lib/env.ts reading gives the same ROUTING_* values. Expected scores are derived from these, never from
// the defaults written out by hand.
import { loadEnv } from "../../lib/env";

export const routingConfig = () => loadEnv(process.env).routing;

/** The Bayesian average the board shows: the prior's ratings plus the agent's own. */
export function shownRating(ratingSum: number, ratingCount: number) {
  const c = routingConfig();
  return (c.ratingPriorCount * c.ratingPriorMean + ratingSum) / (c.ratingPriorCount + ratingCount);
}

/** score = recent × wRecent + avg duration (min) × wDuration − avg rating × wRating (lib/routing/README.md). */
export function score(recentCalls: number, avgSeconds: number, avgRating: number) {
  const c = routingConfig();
  return recentCalls * c.weightRecentCalls + (avgSeconds / 60) * c.weightDurationMinutes - avgRating * c.weightRating;
}
