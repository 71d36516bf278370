// Skills beyond language (#19): the catalogue, the proficiency scale and the validation every boundary shares (the
// agent form, lib/agents/save-agent.ts, ROUTING_SKILL_BY_NUMBER in lib/env.ts).
//
// The catalogue is a validated list in code rather than a table: a skill only means something once routing can
// require it (the dialled-number mapping), and both are configuration, so one list keeps them from drifting apart.
// Adding a skill is a one-line change here; stored AgentSkill rows with a skill no longer listed are ignored.
import { z } from "zod";

export const SKILLS = ["billing", "technical", "sales", "retention"] as const;
export type Skill = (typeof SKILLS)[number];

export const SKILL_LABELS: Record<Skill, string> = {
  billing: "Billing",
  technical: "Technical support",
  sales: "Sales",
  retention: "Retention",
};

export const PROFICIENCY_MIN = 1;
export const PROFICIENCY_MAX = 5;

export const skillName = z.enum(SKILLS, { error: (i) => `Unknown skill "${String(i.input)}" (known: ${SKILLS.join(", ")})` });

export const proficiency = z.coerce
  .number({ error: "Proficiency must be a whole number from 1 to 5" })
  .int("Proficiency must be a whole number from 1 to 5")
  .min(PROFICIENCY_MIN, "Proficiency must be from 1 to 5")
  .max(PROFICIENCY_MAX, "Proficiency must be from 1 to 5");

/** An agent's skills as the form and any API send them: each skill at most once. */
export const agentSkillsInput = z
  .array(z.object({ skill: skillName, proficiency }))
  .max(SKILLS.length)
  .refine((list) => new Set(list.map((s) => s.skill)).size === list.length, "Each skill can be listed once");
export type AgentSkillInput = z.infer<typeof agentSkillsInput>;

/**
 * ROUTING_SKILL_BY_NUMBER: "+14155550100=billing,+14155550101=technical". The number a caller dialled (Call.to)
 * decides the skill they need: one published number per line of business, the usual way a contact centre learns
 * what a caller wants before any menu.
 */
export const skillByNumber = z
  .string()
  .transform((text, ctx) => {
    const map = new Map<string, Skill>();
    for (const part of text.split(",").map((p) => p.trim()).filter(Boolean)) {
      const [number, skill] = part.split("=").map((s) => s.trim());
      if (!number || !/^\+[1-9]\d{6,14}$/.test(number)) {
        ctx.addIssue({ code: "custom", message: `ROUTING_SKILL_BY_NUMBER: "${part}" must be +E164=skill` });
        continue;
      }
      const parsed = skillName.safeParse(skill);
      if (!parsed.success) {
        ctx.addIssue({ code: "custom", message: `ROUTING_SKILL_BY_NUMBER: ${parsed.error.issues[0]?.message ?? "unknown skill"}` });
        continue;
      }
      map.set(number, parsed.data);
    }
    return map;
  });

/** The skill a call needs, from the number it dialled; null when the number is not mapped (any agent will do). */
export function requiredSkillFor(dialled: string | null | undefined, byNumber: ReadonlyMap<string, Skill>): Skill | null {
  if (!dialled) return null;
  return byNumber.get(dialled.trim()) ?? null;
}
