// Shared vocabulary for call and assignment states: routing, the IVR's call store and analytics import it from here.
import type { AssignmentOutcome, CallStatus } from "../generated/prisma/enums";

/** A call in one of these states (or with endedAt set) no longer holds an agent or a queue place. */
export const ENDED_CALL_STATUSES: CallStatus[] = ["COMPLETED", "ABANDONED", "FAILED"];

export const ASSIGNMENT = {
  pending: "PENDING", // agent claimed, being dialled
  answered: "ANSWERED", // agent talked to the caller
  noAnswer: "NO_ANSWER",
  busy: "BUSY",
  failed: "FAILED",
  released: "RELEASED", // the caller hung up (or reconcile freed the agent) before a dial result arrived
  cancelled: "CANCELLED", // the Dial was cancelled before the agent answered
} as const satisfies Record<string, AssignmentOutcome>;

/** Outcomes that count as a miss (Agent.consecutiveMisses, failover); they are not "recent calls". */
export const MISS_OUTCOMES: AssignmentOutcome[] = [ASSIGNMENT.noAnswer, ASSIGNMENT.busy, ASSIGNMENT.failed];

export function waitedSecondsSince(queuedAt: Date | null, now: Date): number {
  return queuedAt ? Math.max(0, Math.round((now.getTime() - queuedAt.getTime()) / 1000)) : 0;
}
