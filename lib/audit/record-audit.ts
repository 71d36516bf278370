// The audit trail of the supervisor surface: who did what, when, from which address. One row per action; writes
// never fail the action itself (a lost audit row is logged, the supervisor's change still happens).
import type { Db } from "../db/client";
import { log } from "../log";

export const AUDIT_ACTIONS = [
  "login.succeeded",
  "login.failed",
  "login.throttled",
  "logout",
  "password.changed",
  "supervisor.added",
  "supervisor.removed",
  "agent.created",
  "agent.updated",
  "agent.removed",
  "agent.availability",
  "call.started",
  "call.refused",
  "settings.changed",
  "hours.changed",
  "hours.exception.added",
  "hours.exception.removed",
  "voicemail.assigned",
  "voicemail.done",
  "callback.cancelled",
  "callback.rescheduled",
  "customer.priority", // #19
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export type AuditEntry = {
  action: AuditAction;
  actor?: { id: string; email: string } | null;
  /** For actions without a signed-in actor (a failed sign-in): the email that was tried. */
  actorEmail?: string;
  target?: string;
  detail?: Record<string, unknown>;
  ip?: string;
};

export async function recordAudit(db: Db, entry: AuditEntry, at = new Date()): Promise<void> {
  try {
    await db.auditEvent.create({
      data: {
        at,
        action: entry.action,
        actorId: entry.actor?.id ?? null,
        actorEmail: (entry.actor?.email ?? entry.actorEmail ?? null)?.slice(0, 320) ?? null,
        target: entry.target?.slice(0, 200) ?? null,
        detail: entry.detail ? JSON.stringify(entry.detail).slice(0, 2000) : null,
        ip: entry.ip ?? null,
      },
    });
  } catch (err) {
    log.error({ err, action: entry.action }, "audit row not written");
  }
}
