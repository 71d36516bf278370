// A lab scenario: the floor (agents with hidden quality), the callers (arrival shape, languages, patience) and the
// seed. Scenario files live in lib/lab/scenarios/*.json and are validated here, so a typo fails with its path.
import { readFileSync, readdirSync } from "node:fs";
import { basename, resolve } from "node:path";
import { z } from "zod";
import { proficiency, skillName } from "../routing/skills";

const ratingDistribution = z
  .array(z.number().min(0))
  .length(4)
  .refine((p) => p.some((x) => x > 0), "at least one rating must have weight");

const agentGroup = z.object({
  prefix: z.string().regex(/^[a-z][a-z0-9-]*$/),
  count: z.number().int().min(1).max(200),
  languages: z.array(z.string().min(1)).min(1),
  /** Hidden true quality: relative frequency of the ratings 1, 2, 3, 4 their callers give. */
  quality: ratingDistribution,
  handleMeanSeconds: z.number().positive(),
  /** Chance an offered call rings out unanswered (exercises failover). */
  missProbability: z.number().min(0).max(1).default(0.01),
  /** Ratings already on record at the start, drawn from the same hidden quality (0 = unknown to the system). */
  historyRatings: z.number().int().min(0).default(0),
  /** Hours after the start of the run when the agent logs in for the first time (a new hire). */
  joinsAfterHours: z.number().min(0).default(0),
  role: z.enum(["veteran", "poor", "new"]).default("veteran"),
  /** #19: skills with a proficiency, and the hidden quality callers who need that skill meet (default: `quality`). */
  skills: z.array(z.object({ skill: skillName, proficiency, quality: ratingDistribution.optional() })).default([]),
});

export const scenarioSchema = z.object({
  name: z.string().min(1),
  description: z.string(),
  seed: z.number().int(),
  days: z.number().int().min(1).max(30),
  openHours: z.number().int().min(1).max(24),
  /** Mean arrivals per hour at shape 1.0; shape has one multiplier per open hour. */
  callsPerHour: z.number().positive(),
  shape: z.array(z.number().min(0)).min(1),
  languages: z.array(z.object({ code: z.string().min(1), share: z.number().positive() })).min(1),
  patienceMeanSeconds: z.number().positive(),
  handleTimeCv: z.number().min(0).max(2).default(0.5),
  ratingProbability: z.number().min(0).max(1).default(0.8),
  /** Distinct callers; a smaller pool means more returning callers. */
  customers: z.number().int().min(1).default(5000),
  agents: z.array(agentGroup).min(1),
  /** #19: published numbers that need a skill, and the share of callers who dial each (the rest need no skill). */
  skillLines: z
    .array(z.object({ number: z.string().regex(/^\+[1-9]\d{6,14}$/), skill: skillName, share: z.number().min(0).max(1) }))
    .default([]),
  /** #19: share of customers with a priority (Customer.priority), and that priority. */
  vipShare: z.number().min(0).max(1).default(0),
  vipPriority: z.number().int().min(1).max(3).default(2),
});

export type Scenario = z.infer<typeof scenarioSchema>;
export type AgentGroup = z.infer<typeof agentGroup>;

export const SCENARIO_DIR = resolve(import.meta.dirname, "scenarios");

export function loadScenario(nameOrPath: string): Scenario {
  const path = nameOrPath.endsWith(".json") ? nameOrPath : resolve(SCENARIO_DIR, `${nameOrPath}.json`);
  const parsed = scenarioSchema.safeParse(JSON.parse(readFileSync(path, "utf8")));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`scenario ${basename(path)} is invalid: ${problems}`);
  }
  const s = parsed.data;
  if (s.shape.length !== s.openHours) throw new Error(`scenario ${s.name}: shape needs ${s.openHours} entries (one per open hour)`);
  return s;
}

export function listScenarios(): string[] {
  return readdirSync(SCENARIO_DIR)
    .filter((f) => f.endsWith(".json"))
    .map((f) => f.slice(0, -".json".length))
    .sort();
}
