// One AgentStateChange row per transition, written in the same transaction as the change itself.
import type { SqlRunner } from "../db/direct";
import { type Actor, actorLabel } from "./states";

export async function recordStateChange(
  tx: SqlRunner,
  change: { agentId: string; from: string; to: string; reason?: string | null; actor: Actor; callId?: string | null; until?: Date | null; at: Date },
): Promise<void> {
  await tx.$executeRaw`
    INSERT INTO "AgentStateChange" ("agentId", "fromStatus", "toStatus", "reason", "actor", "callId", "until", "at")
    VALUES (${change.agentId}, ${change.from}, ${change.to}, ${change.reason ?? null}, ${actorLabel(change.actor)}, ${change.callId ?? null},
      ${change.until ?? null}, ${change.at})`;
}
