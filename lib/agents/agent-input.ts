// The agent form's schema, shared by the server actions and the JSON API.
import { z } from "zod";
import { e164Phone } from "./e164-phone";

export const agentInput = z.object({
  name: z.string().trim().min(1, "Enter the agent's name").max(80, "Keep the name under 80 characters"),
  phone: e164Phone,
  languages: z.array(z.string().trim().min(1)).min(1, "Pick at least one language").max(20),
});
export type AgentInput = z.infer<typeof agentInput>;

export const SETTABLE_STATUSES = ["AVAILABLE", "AWAY", "OFFLINE"] as const;
export const availabilityInput = z.object({
  agentId: z.string().min(1).max(64),
  status: z.enum(SETTABLE_STATUSES, "Pick available, away or offline"),
});

export type AgentFieldErrors = Partial<Record<keyof AgentInput, string[]>>;
export type AgentMutationResult<T> = { ok: true; value: T } | { ok: false; message: string; fieldErrors?: AgentFieldErrors };
