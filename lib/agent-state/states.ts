// The agent state vocabulary. Who may set what:
//   AVAILABLE  the agent (Ready), a supervisor, or wrap-up ending by itself
//   BUSY       routing only (a claim); left only when that call ends
//   WRAP_UP    the system, when a call the agent talked on ends (AGENT_WRAP_UP_SECONDS > 0)
//   NOT_READY  the agent or a supervisor, with a reason; the system only with "Missed calls"
//   OFFLINE    the agent or a supervisor
// Nothing the system does turns NOT_READY or OFFLINE into AVAILABLE: every transition here is a compare-and-set on
// the state it was decided from (see transitions.ts).
import type { AgentStatus } from "../generated/prisma/enums";

export type { AgentStatus };

export const AGENT_STATUSES = ["AVAILABLE", "BUSY", "WRAP_UP", "NOT_READY", "OFFLINE"] as const satisfies readonly AgentStatus[];

/** States an agent (or a supervisor) can ask for; BUSY and WRAP_UP are the system's. */
export const CHOOSABLE_STATUSES = ["AVAILABLE", "NOT_READY", "OFFLINE"] as const;
export type ChoosableStatus = (typeof CHOOSABLE_STATUSES)[number];

/** The reason the system sets after too many missed calls in a row (was the AWAY status). */
export const MISSED_CALLS_REASON = "MISSED_CALLS";

/** The longest wrap-up, extension included (15 minutes, as contact-centre products cap it). */
export const WRAP_UP_MAX_SECONDS = 900;

export const STATUS_LABELS: Record<AgentStatus, string> = {
  AVAILABLE: "Available",
  BUSY: "Busy",
  WRAP_UP: "Wrap-up",
  NOT_READY: "Not ready",
  OFFLINE: "Offline",
};

/** Who changed a state, as stored in AgentStateChange.actor. */
export type Actor = { kind: "agent" } | { kind: "system" } | { kind: "supervisor"; email: string };

export function actorLabel(actor: Actor): string {
  return actor.kind === "supervisor" ? `supervisor:${actor.email}` : actor.kind;
}

/** A wrap-up whose time has run out counts as available for routing, before any sweep flips the row. */
export function isEffectivelyAvailable(a: { status: AgentStatus; wrapUpUntil: Date | null }, now: Date): boolean {
  return a.status === "AVAILABLE" || (a.status === "WRAP_UP" && a.wrapUpUntil !== null && a.wrapUpUntil <= now);
}
