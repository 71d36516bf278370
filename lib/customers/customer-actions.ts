"use server";
// The customers page's server action: session check, zod validation, the change, an audit line.
import { revalidatePath } from "next/cache";
import { auditAction } from "../audit/audit-request";
import { requireSupervisor } from "../auth/require-supervisor";
import { getDb } from "../db/client";
import { runAction } from "../http/errors";
import { customerPriorityInput, setCustomerPriority } from "./customer-priority";

export type CustomerPriorityState = {
  ok?: boolean;
  message?: string;
  fieldErrors?: { phone?: string[]; priority?: string[] };
  values?: { phone: string; priority: string };
};

const text = (v: FormDataEntryValue | null) => (typeof v === "string" ? v : "");

async function savePriority(_prev: CustomerPriorityState, form: FormData): Promise<CustomerPriorityState> {
  await requireSupervisor();
  const values = { phone: text(form.get("phone")), priority: text(form.get("priority")) };
  const parsed = customerPriorityInput.safeParse(values);
  if (!parsed.success) return { values, fieldErrors: parsed.error.flatten().fieldErrors, message: "Check the highlighted fields." };
  const saved = await setCustomerPriority(await getDb(), parsed.data);
  await auditAction({ action: "customer.priority", target: saved.id, detail: { priority: saved.priority } });
  revalidatePath("/customers");
  return { ok: true, message: `${parsed.data.phone} now has priority ${saved.priority}.` };
}

export async function savePriorityAction(prev: CustomerPriorityState, form: FormData): Promise<CustomerPriorityState> {
  return runAction("customers/priority", () => savePriority(prev, form));
}
