"use server";
// Server actions behind the live page's callback controls (#18): supervisor session, zod, the conditional change
// (manage-callbacks.ts), an audit row. A reschedule time is read in the call-centre time zone.
import { DateTime } from "luxon";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { auditAction } from "../../audit/audit-request";
import { requireSupervisor } from "../../auth/require-supervisor";
import { getDb } from "../../db/client";
import { env } from "../../env";
import { runAction, type ActionFailure } from "../../http/errors";
import { cancelCallback, rescheduleCallback, type CallbackChange } from "./manage-callbacks";

export type CallbackControlState = { ok?: boolean; message?: string } | ActionFailure;

const MAX_AHEAD_DAYS = 7;
const callbackId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "Unknown callback.");
const cancelInput = z.object({ callbackId });
const rescheduleInput = z.object({
  callbackId,
  at: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, "Pick a date and time."),
});

const text = (v: FormDataEntryValue | null) => (typeof v === "string" ? v : "");

function failure(change: Exclude<CallbackChange, { ok: true }>): CallbackControlState {
  return {
    ok: false,
    message: change.reason === "not-found" ? "That callback no longer exists." : "Only a pending callback can be changed (this one is being dialled or is over).",
  };
}

export async function cancelCallbackAction(_prev: CallbackControlState, form: FormData): Promise<CallbackControlState> {
  return runAction("callbacks/cancel", async () => {
    await requireSupervisor();
    const parsed = cancelInput.safeParse({ callbackId: text(form.get("callbackId")) });
    if (!parsed.success) return { ok: false, message: parsed.error.issues[0]?.message ?? "Invalid request." };
    const change = await cancelCallback(await getDb(), parsed.data.callbackId);
    if (!change.ok) return failure(change);
    await auditAction({ action: "callback.cancelled", target: parsed.data.callbackId });
    revalidatePath("/calls");
    return { ok: true, message: "Callback cancelled." };
  });
}

export async function rescheduleCallbackAction(_prev: CallbackControlState, form: FormData): Promise<CallbackControlState> {
  return runAction("callbacks/reschedule", async () => {
    await requireSupervisor();
    const parsed = rescheduleInput.safeParse({ callbackId: text(form.get("callbackId")), at: text(form.get("at")) });
    if (!parsed.success) return { ok: false, message: parsed.error.issues[0]?.message ?? "Invalid request." };
    const zone = env().timeZone;
    const at = DateTime.fromISO(parsed.data.at, { zone });
    const now = DateTime.now().setZone(zone);
    if (!at.isValid || at <= now || at > now.plus({ days: MAX_AHEAD_DAYS })) {
      return { ok: false, message: `Pick a time in the next ${MAX_AHEAD_DAYS} days (${zone}).` };
    }
    const change = await rescheduleCallback(await getDb(), parsed.data.callbackId, at.toJSDate());
    if (!change.ok) return failure(change);
    await auditAction({ action: "callback.rescheduled", target: parsed.data.callbackId, detail: { at: at.toISO() } });
    revalidatePath("/calls");
    return { ok: true, message: `Next attempt not before ${at.toFormat("ccc d LLL, HH:mm")} (${zone}).` };
  });
}
