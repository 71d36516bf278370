// Shared vocabulary for call and assignment states as routing sees them.
import type { CallStatus } from "../generated/prisma/enums";

/** A call in one of these states (or with endedAt set) no longer holds an agent or a queue place. */
export const ENDED_CALL_STATUSES: CallStatus[] = ["COMPLETED", "ABANDONED", "FAILED"];

export const ASSIGNMENT = {
  pending: "PENDING", // agent claimed, being dialled
  answered: "ANSWERED", // agent talked to the caller
  noAnswer: "NO_ANSWER",
  busy: "BUSY",
  failed: "FAILED",
  released: "RELEASED", // the caller hung up (or reconcile freed the agent) before a dial result arrived
} as const;

/** Outcomes that count as a miss (Agent.consecutiveMisses, failover); they are not "recent calls". */
export const MISS_OUTCOMES: string[] = [ASSIGNMENT.noAnswer, ASSIGNMENT.busy, ASSIGNMENT.failed];

export function waitedSecondsSince(queuedAt: Date | null, now: Date): number {
  return queuedAt ? Math.max(0, Math.round((now.getTime() - queuedAt.getTime()) / 1000)) : 0;
}
