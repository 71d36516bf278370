"use server";
// Server actions of the business-hours page (#18): supervisors and admins; validated by lib/hours/hours-input.ts
// through the one error layer (runAction), audited after the change.
import { revalidatePath } from "next/cache";
import { auditAction } from "../audit/audit-request";
import { requireSupervisor } from "../auth/session";
import { getDb } from "../db/client";
import { runAction } from "../http/errors";
import { formatMinute } from "./schedule";
import { exceptionFromForm, weekFromForm } from "./hours-input";
import { removeException, saveException, saveWeek } from "./save-hours";

export type HoursFormState = { ok?: boolean; status?: number; message?: string; fieldErrors?: Record<string, string[]> };

export async function saveWeekAction(_prev: HoursFormState, form: FormData): Promise<HoursFormState> {
  return runAction("hours/week", async () => {
    await requireSupervisor();
    const week = await saveWeek(await getDb(), weekFromForm(form));
    const days = week.days.map((d) => (d.open ? `${formatMinute(d.opensAt)}-${formatMinute(d.closesAt)}` : "closed"));
    await auditAction({ action: "hours.changed", target: week.language, detail: week.enabled ? { days } : { days: "24/7" } });
    revalidatePath("/hours");
    return { ok: true, message: week.enabled ? "Hours saved." : "Saved: open 24/7." };
  });
}

export async function saveExceptionAction(_prev: HoursFormState, form: FormData): Promise<HoursFormState> {
  return runAction("hours/exception", async () => {
    await requireSupervisor();
    const e = await saveException(await getDb(), exceptionFromForm(form));
    const hours = e.closed ? "closed" : `${formatMinute(e.opensAt)}-${formatMinute(e.closesAt)}`;
    await auditAction({ action: "hours.exception.added", target: e.language, detail: { date: e.date, hours, label: e.label } });
    revalidatePath("/hours");
    return { ok: true, message: `${e.date}: ${hours}.` };
  });
}

export async function removeExceptionAction(_prev: HoursFormState, form: FormData): Promise<HoursFormState> {
  return runAction("hours/exception-remove", async () => {
    await requireSupervisor();
    const id = form.get("exceptionId");
    const removed = await removeException(await getDb(), typeof id === "string" ? id : "");
    await auditAction({ action: "hours.exception.removed", target: removed.languageCode, detail: { date: removed.date } });
    revalidatePath("/hours");
    return { ok: true, message: `${removed.date} removed.` };
  });
}
