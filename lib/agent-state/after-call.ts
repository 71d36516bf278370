// The one place a call gives its agent back. Release paths (hangup, dial result, reconcile) call endAgentCall inside
// their transaction; it picks the next state:
//   talked on the call and wrap-up on   -> WRAP_UP until now + wrapUpSeconds
//   missed, and missesBeforeAway in a row -> NOT_READY "Missed calls"
//   otherwise                           -> AVAILABLE
// (A claim writes the BUSY row itself: lib/routing/claim-agent.ts.) Only an agent still BUSY on this very call moves (compare-and-set). One a supervisor set NOT_READY or OFFLINE
// mid-call keeps that state and just drops the call, so no late or repeated callback can make them available.
import type { SqlRunner } from "../db/direct";
import type { AgentStatus } from "../generated/prisma/enums";
import { recordStateChange } from "./history";
import { MISSED_CALLS_REASON } from "./states";

export type CallEnd =
  | { kind: "talked" } // the agent spoke to the caller (dial completed, or the caller hung up mid-conversation)
  | { kind: "missed"; consecutiveMisses: number } // busy / failed / no answer
  | { kind: "unanswered" }; // the caller hung up before the agent answered, or a lost hangup: not the agent's fault

export type AfterCallConfig = { wrapUpSeconds: number; missesBeforeAway: number };

export function nextStateAfterCall(end: CallEnd, cfg: AfterCallConfig, now: Date) {
  if (end.kind === "missed" && end.consecutiveMisses >= cfg.missesBeforeAway) {
    return { status: "NOT_READY" as AgentStatus, reason: MISSED_CALLS_REASON, wrapUpUntil: null };
  }
  if (end.kind === "talked" && cfg.wrapUpSeconds > 0) {
    return { status: "WRAP_UP" as AgentStatus, reason: null, wrapUpUntil: new Date(now.getTime() + cfg.wrapUpSeconds * 1000) };
  }
  return { status: "AVAILABLE" as AgentStatus, reason: null, wrapUpUntil: null };
}

/** Give the agent back if they still hold this call. Returns the state they moved to, or null if they did not move. */
export async function endAgentCall(
  tx: SqlRunner,
  input: { agentId: string; callId: string; end: CallEnd; now: Date },
  cfg: AfterCallConfig,
): Promise<AgentStatus | null> {
  const { agentId, callId, end, now } = input;
  const next = nextStateAfterCall(end, cfg, now);
  const moved = await tx.$executeRaw`
    UPDATE "Agent" SET "status" = ${next.status}, "currentCallId" = NULL, "idleSince" = ${now}, "stateSince" = ${now},
      "notReadyReason" = ${next.reason}, "wrapUpUntil" = ${next.wrapUpUntil},
      "wrapUpCallId" = ${end.kind === "talked" ? callId : null}, "wrapUpExtended" = ${false}, "updatedAt" = ${new Date()}
    WHERE "id" = ${agentId} AND "currentCallId" = ${callId} AND "status" = ${"BUSY"}`;
  // Set NOT_READY / OFFLINE by a supervisor mid-call: keep that state, just drop the call.
  await tx.$executeRaw`
    UPDATE "Agent" SET "currentCallId" = NULL, "updatedAt" = ${new Date()} WHERE "id" = ${agentId} AND "currentCallId" = ${callId}`;
  if (moved === 0) return null;
  await recordStateChange(tx, {
    agentId,
    from: "BUSY",
    to: next.status,
    reason: next.reason,
    actor: { kind: "system" },
    callId,
    until: next.wrapUpUntil,
    at: now,
  });
  return next.status;
}

/** BUSY without any call (a crash between statements of an older version): back to AVAILABLE, guarded. */
export async function freeBusyWithoutCall(tx: SqlRunner, agentId: string, now: Date): Promise<boolean> {
  const moved = await tx.$executeRaw`
    UPDATE "Agent" SET "status" = ${"AVAILABLE"}, "idleSince" = ${now}, "stateSince" = ${now}, "updatedAt" = ${new Date()}
    WHERE "id" = ${agentId} AND "status" = ${"BUSY"} AND "currentCallId" IS NULL`;
  if (moved > 0) await recordStateChange(tx, { agentId, from: "BUSY", to: "AVAILABLE", actor: { kind: "system" }, at: now });
  return moved > 0;
}
