// The routing policies the lab compares on the same callers. Each is a configuration of the same lib/routing code
// (lib/routing/score.ts), so every policy goes through the same heap, claims, queue, failover and coaching.
import { ROUTING_DEFAULTS } from "../env";
import type { RoutingConfig } from "../routing/config";
import type { Skill } from "../routing/skills";
import type { Scenario } from "./scenario";

export type Policy = {
  name: string;
  description: string;
  config: Partial<RoutingConfig>;
  /** A diagnostic, not a product option: every agent starts with 1,000 ratings at their hidden mean, so the score
   * knows true quality from the first call. The ceiling of what learning ratings could reach on this floor. */
  oracle?: boolean;
};

/** The seed's formula and weights as they were before the lab (recent*10 + duration/60 - rating*5, prior 3 @ 2.5). */
export const SEED_SCORE: Partial<RoutingConfig> = {
  policy: "score",
  weightRecentCalls: 10,
  weightDurationMinutes: 1,
  weightRating: 5,
  ratingPriorCount: 3,
  ratingPriorMean: 2.5,
  weightExploration: 0,
  // #19 terms off: the seed had no skill term and no preferred agent. (Skills still restrict who may take a caller
  // who needs one, in every policy: a constraint, not a preference. Aging priority is queue order, the same in all.)
  weightSkill: 0,
  preferredAgent: false,
};

/** What every baseline shares with the seed: no preferred-agent routing (the industry defaults have none). */
const BASELINE: Partial<RoutingConfig> = { weightSkill: 0, preferredAgent: false };

/** The weights the lab proposed (rating 20, exploration 10); not the shipped default, which stays the seed's formula
 * because these showed no reliable CSAT gain over longest-idle across seeds (README, "Routing lab"). */
const TUNED: Partial<RoutingConfig> = { weightRating: 20, weightExploration: 10, weightSkill: 0, preferredAgent: false };
/** #19: the new terms with a 20 s preferred wait (what the issue proposed; not shipped, see README). */
const NEW_TERMS: Partial<RoutingConfig> = { weightSkill: 2, preferredAgent: true, preferredWaitSeconds: 20 };

export const POLICIES: Policy[] = [
  { name: "seed-score", description: "our score with the seed's weights", config: SEED_SCORE },
  { name: "longest-idle", description: "longest idle agent first (TaskRouter / Connect default)", config: { ...BASELINE, policy: "longest-idle" } },
  { name: "round-robin", description: "least recently assigned agent first", config: { ...BASELINE, policy: "round-robin" } },
  { name: "random", description: "a uniformly random free agent", config: { ...BASELINE, policy: "random" } },
  { name: "tuned", description: "our score with rating weight 20 and exploration 10", config: TUNED },
  { name: "seed+19", description: "the seed's score with skill weight 2 and the preferred agent (20 s wait)", config: { ...SEED_SCORE, ...NEW_TERMS } },
  { name: "shipped-19", description: "what ships: the seed's score, skill weight 2, the preferred agent only when free (wait 0)", config: { ...SEED_SCORE, ...NEW_TERMS, preferredWaitSeconds: 0 } },
  { name: "tuned+19", description: "the tuned score with skill weight 2 and the preferred agent (20 s wait)", config: { ...TUNED, ...NEW_TERMS } },
  // Diagnostics that separate the #19 terms: proficiency alone, and the preferred agent only when already free.
  { name: "seed+skills", description: "the seed's score with skill weight 2, no preferred agent", config: { ...SEED_SCORE, weightSkill: 2 } },
  { name: "seed+pref-free", description: "the seed's score with the preferred agent only when free (wait 0)", config: { ...SEED_SCORE, ...NEW_TERMS, weightSkill: 0, preferredWaitSeconds: 0 } },
  { name: "oracle", description: "the tuned score told every agent's true quality up front (a ceiling)", config: TUNED, oracle: true },
];

/** The full configuration of a policy run: documented defaults, the policy, and a cache rebuilt per decision so the
 * recent-calls window slides with the virtual clock rather than the wall clock. */
export function labConfig(p: Policy, s?: Pick<Scenario, "skillLines">): RoutingConfig {
  const skillByNumber = new Map<string, Skill>((s?.skillLines ?? []).map((l) => [l.number, l.skill]));
  // No after-call work (AGENT_WRAP_UP_SECONDS, #17): the floor model has none, as when the first tables were made.
  return { ...ROUTING_DEFAULTS, ...p.config, skillByNumber, wrapUpSeconds: 0, cacheTtlMs: 0 } as RoutingConfig;
}
