// How the simulated agent (the B leg of a <Dial>) behaves: the tester or the load script chooses.
import { z } from "zod";

export const agentBehaviourSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("answer"), afterSeconds: z.number().min(0).max(3600), talkSeconds: z.number().min(0).max(14_400) }),
  z.object({ kind: z.literal("no-answer") }),
  z.object({ kind: z.literal("busy") }),
  z.object({ kind: z.literal("failed") }),
]);
export type AgentBehaviour = z.infer<typeof agentBehaviourSchema>;

export const DEFAULT_AGENT: AgentBehaviour = { kind: "answer", afterSeconds: 2, talkSeconds: 5 };

/** "answer:2:5" | "no-answer" | "busy" | "failed" (the CLI's --agent flag). */
export function parseAgentBehaviour(spec: string): AgentBehaviour {
  const [kind, a, b] = spec.trim().split(":");
  if (kind === "answer") {
    return agentBehaviourSchema.parse({ kind, afterSeconds: Number(a ?? 2), talkSeconds: Number(b ?? 5) });
  }
  const parsed = agentBehaviourSchema.safeParse({ kind });
  if (!parsed.success) throw new Error(`unknown agent behaviour "${spec}" (use answer:N:M, no-answer, busy or failed)`);
  return parsed.data;
}

export function describeAgent(b: AgentBehaviour): string {
  return b.kind === "answer" ? `answers after ${b.afterSeconds}s, talks ${b.talkSeconds}s` : b.kind;
}
