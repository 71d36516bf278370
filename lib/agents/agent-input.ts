// The agent form's schema, shared by the server actions and the JSON API.
import { z } from "zod";
import { agentSkillsInput } from "../routing/skills";
import { e164Phone } from "./e164-phone";

export const agentInput = z.object({
  name: z.string().trim().min(1, "Enter the agent's name").max(80, "Keep the name under 80 characters"),
  phone: e164Phone,
  languages: z.array(z.string().trim().min(1)).min(1, "Pick at least one language").max(20),
  skills: agentSkillsInput.default([]), // #19: skills beyond language, proficiency 1-5 (lib/routing/skills.ts)
});
export type AgentInput = z.infer<typeof agentInput>;

/**
 * The form sends one field per skill, `skill.<name>` = proficiency, empty for "does not have it". Every `skill.*`
 * field is kept (an unknown name included) so that validation, not this parser, refuses it with a message.
 */
export function skillsFromForm(entries: Iterable<[string, FormDataEntryValue]>): Array<{ skill: string; proficiency: string }> {
  const out: Array<{ skill: string; proficiency: string }> = [];
  for (const [key, value] of entries) {
    if (!key.startsWith("skill.") || typeof value !== "string" || value.trim() === "") continue;
    out.push({ skill: key.slice("skill.".length), proficiency: value.trim() });
  }
  return out;
}

// The board's state control: "AVAILABLE", "OFFLINE" or "NOT_READY:<reason code>" (reasons are data, checked later).
export const availabilityInput = z.object({
  agentId: z.string().min(1).max(64),
  status: z
    .string()
    .regex(/^(AVAILABLE|OFFLINE|NOT_READY:[A-Z0-9_]{1,40})$/, "Pick available, a not-ready reason or offline")
    .transform((v) => {
      const [status, reason] = v.split(":");
      return status === "NOT_READY" ? { status: "NOT_READY" as const, reason: reason ?? "" } : { status: status as "AVAILABLE" | "OFFLINE" };
    }),
});

export type AgentFieldErrors = Partial<Record<keyof AgentInput, string[]>>;
export type AgentMutationResult<T> = { ok: true; value: T } | { ok: false; message: string; fieldErrors?: AgentFieldErrors };
