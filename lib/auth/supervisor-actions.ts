"use server";
// Server actions of the supervisors page (admin only) and the change-password page.
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { signOut } from "@/auth";
import { auditAction } from "../audit/audit-request";
import { getDb } from "../db/client";
import { addSupervisor, changePassword, changePasswordInput, newSupervisorInput, removeSupervisor } from "./manage-supervisors";
import { requireAdmin, requireSupervisor } from "./session";

export type FormState = { ok?: boolean; message?: string; fieldErrors?: Record<string, string[] | undefined> };

const text = (v: FormDataEntryValue | null) => (typeof v === "string" ? v : "");

export async function addSupervisorAction(_prev: FormState, form: FormData): Promise<FormState> {
  const admin = await requireAdmin();
  const parsed = newSupervisorInput.safeParse({ name: text(form.get("name")), email: text(form.get("email")), password: text(form.get("password")) });
  if (!parsed.success) return { ok: false, fieldErrors: parsed.error.flatten().fieldErrors, message: "Check the highlighted fields." };
  const result = await addSupervisor(await getDb(), parsed.data);
  if (!result.ok) return { ok: false, message: result.message, fieldErrors: result.field ? { [result.field]: [result.message] } : undefined };
  await auditAction({ action: "supervisor.added", actor: admin, target: result.value.email });
  revalidatePath("/supervisors");
  return { ok: true, message: `${result.value.email} can now sign in.` };
}

export async function removeSupervisorAction(_prev: FormState, form: FormData): Promise<FormState> {
  const admin = await requireAdmin();
  const result = await removeSupervisor(await getDb(), admin.id, text(form.get("supervisorId")));
  if (!result.ok) return { ok: false, message: result.message };
  await auditAction({ action: "supervisor.removed", actor: admin, target: result.value.email });
  revalidatePath("/supervisors");
  return { ok: true, message: `${result.value.email} was removed and signed out everywhere.` };
}

export async function changePasswordAction(_prev: FormState, form: FormData): Promise<FormState> {
  const me = await requireSupervisor();
  const parsed = changePasswordInput.safeParse({ current: text(form.get("current")), next: text(form.get("next")), confirm: text(form.get("confirm")) });
  if (!parsed.success) return { ok: false, fieldErrors: parsed.error.flatten().fieldErrors, message: "Check the highlighted fields." };
  const result = await changePassword(await getDb(), me.id, parsed.data.current, parsed.data.next);
  if (!result.ok) return { ok: false, message: result.message, fieldErrors: result.field ? { [result.field]: [result.message] } : undefined };
  await auditAction({ action: "password.changed", actor: me });
  // Every session ended, this one too: sign in again with the new password.
  await signOut({ redirect: false });
  redirect("/login?changed=1");
}
