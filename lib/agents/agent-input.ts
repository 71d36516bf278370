// The agent form's schema, shared by the server actions and the JSON API.
import { z } from "zod";
import { e164Phone } from "./e164-phone";

export const agentInput = z.object({
  name: z.string().trim().min(1, "Enter the agent's name").max(80, "Keep the name under 80 characters"),
  phone: e164Phone,
  languages: z.array(z.string().trim().min(1)).min(1, "Pick at least one language").max(20),
});
export type AgentInput = z.infer<typeof agentInput>;

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
