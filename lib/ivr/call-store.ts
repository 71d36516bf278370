// The IVR's writes to Call, Customer and CallEvent. Each change is one transaction (call row + timeline event),
// and the dashboard's "call.changed" signal goes out only after it commits.
import type { Db } from "../db/client";
import type { Call, CallStatus, IvrStep, Prisma } from "../generated/prisma/client";
import { publish } from "../realtime/publish";
import { defer } from "./defer";
import type { LanguageChoice, Voice } from "./responses";
import type { PlivoCallParams } from "./webhook-params";

export const TERMINAL_STATUSES: readonly CallStatus[] = ["COMPLETED", "ABANDONED", "FAILED"];

export function isEnded(call: Pick<Call, "status">): boolean {
  return TERMINAL_STATUSES.includes(call.status);
}

/** Enabled languages in menu order: level 1's choices. */
export async function listLanguageChoices(db: Db): Promise<LanguageChoice[]> {
  const rows = await db.language.findMany({ where: { enabled: true }, orderBy: { menuDigit: "asc" } });
  return rows.map((l) => ({ code: l.code, locale: l.locale, voice: l.voice, menuDigit: l.menuDigit }));
}

export async function voiceOf(db: Db, code: string): Promise<Voice | null> {
  const l = await db.language.findUnique({ where: { code } });
  return l ? { code: l.code, locale: l.locale, voice: l.voice } : null;
}

/** After the commit, off the caller's critical path: the dashboard re-fetches on the signal. */
function signal(db: Db, call: Call) {
  defer(() => publish("call.changed", { callId: call.id, callUuid: call.callUuid, status: call.status, step: call.step }));
}

/**
 * The call for a webhook, created on first sight: normally by the answer URL, but a menu webhook for a call we never
 * saw (a lost answer request, a restarted server) creates it too. A call we placed ourselves is found again by
 * Plivo's request UUID. Concurrent first deliveries race on the unique CallUUID; the loser reads the winner's row.
 */
export async function findOrCreateCall(
  db: Db,
  p: PlivoCallParams,
  opts: { answered: boolean } = { answered: true },
): Promise<{ call: Call; created: boolean }> {
  const existing = await db.call.findUnique({ where: { callUuid: p.CallUUID } });
  if (existing) return { call: existing, created: false };

  const requestUuid = p.RequestUUID ?? p.ALegRequestUUID;
  if (requestUuid) {
    const placed = await db.call.findUnique({ where: { requestUuid } });
    if (placed) {
      const call = await db.call.update({
        where: { id: placed.id },
        data: {
          callUuid: p.CallUUID,
          ...(isEnded(placed) || !opts.answered ? {} : { status: "IN_IVR", step: "LANGUAGE", stepEnteredAt: new Date(), answeredAt: placed.answeredAt ?? new Date() }),
          events: { create: { type: opts.answered ? "call.answered" : "call.matched", detail: JSON.stringify({ callUuid: p.CallUUID }) } },
        },
      });
      signal(db, call);
      return { call, created: false };
    }
  }

  const outbound = p.Direction === "outbound";
  const from = p.From ?? "";
  const to = p.To ?? "";
  const customerPhone = outbound ? to : from;
  const now = new Date();
  try {
    const call = await db.$transaction(async (tx) => {
      const customer = customerPhone
        ? await tx.customer.upsert({ where: { phone: customerPhone }, create: { phone: customerPhone }, update: {} })
        : null;
      return tx.call.create({
        data: {
          callUuid: p.CallUUID,
          requestUuid: outbound ? (requestUuid ?? null) : null,
          direction: outbound ? "OUTBOUND" : "INBOUND",
          from,
          to,
          customerId: customer?.id ?? null,
          status: opts.answered ? "IN_IVR" : "RINGING",
          step: "LANGUAGE",
          answeredAt: opts.answered ? now : null,
          stepEnteredAt: now,
          events: {
            create: [
              { type: "call.started", detail: JSON.stringify({ direction: outbound ? "outbound" : "inbound", from, to }) },
              { type: "step", detail: JSON.stringify({ step: "LANGUAGE" }) },
            ],
          },
        },
      });
    });
    signal(db, call);
    return { call, created: true };
  } catch (err) {
    const raced = await db.call.findUnique({ where: { callUuid: p.CallUUID } });
    if (raced) return { call: raced, created: false };
    throw err;
  }
}

export type CallChange = {
  step?: IvrStep;
  status?: CallStatus;
  /** Failed inputs at the (possibly new) step; entering a new step resets it to 0 unless given. */
  stepAttempts?: number;
  data?: Omit<Prisma.CallUncheckedUpdateInput, "step" | "status" | "stepAttempts" | "events">;
};

/**
 * Move a call and record why, in one transaction, then signal the dashboard. A call that has already ended keeps
 * its final status and step (a late webhook, e.g. feedback after the hangup, only adds its timeline event); the
 * guard is in the UPDATE itself, so a hangup committed after `call` was read is not overwritten either.
 */
export async function moveCall(
  db: Db,
  call: Call,
  change: CallChange,
  events: Array<{ type: string; detail?: Record<string, unknown> }>,
): Promise<Call> {
  const stepChanges = !isEnded(call) && change.step !== undefined && change.step !== call.step;
  const guarded: Prisma.CallUncheckedUpdateManyInput = {};
  if (change.status) guarded.status = change.status;
  if (stepChanges) {
    guarded.step = change.step;
    guarded.stepEnteredAt = new Date();
    guarded.stepAttempts = change.stepAttempts ?? 0;
  } else if (change.stepAttempts !== undefined) {
    guarded.stepAttempts = change.stepAttempts;
  }
  const allEvents = [...events];
  if (stepChanges) allEvents.push({ type: "step", detail: { step: change.step } });
  const [, updated] = await db.$transaction([
    db.call.updateMany({ where: { id: call.id, status: { notIn: [...TERMINAL_STATUSES] } }, data: guarded }),
    db.call.update({ where: { id: call.id }, data: change.data ?? {} }),
    db.callEvent.createMany({
      data: allEvents.map((e) => ({ callId: call.id, type: e.type, detail: e.detail ? JSON.stringify(e.detail) : null })),
    }),
  ]);
  signal(db, updated);
  return updated;
}
