"use client";
// Set a customer's routing priority by phone number (#19). Errors come back per field and are announced.
import { useActionState } from "react";
import { savePriorityAction, type CustomerPriorityState } from "@/lib/customers/customer-actions";
import { FieldError } from "./field-error";
import { buttonPrimary, card, inputClass, labelClass } from "./ui-classes";

export function CustomerPriorityForm() {
  const [state, action, pending] = useActionState<CustomerPriorityState, FormData>(savePriorityAction, {});
  const values = state.values ?? { phone: "", priority: "2" };
  return (
    <form action={action} className={`${card} mb-6 flex max-w-2xl flex-wrap items-start gap-4 p-4`} noValidate key={JSON.stringify(values)}>
      <div className="space-y-1">
        <label htmlFor="customer-phone" className={labelClass}>Caller&apos;s number</label>
        <input id="customer-phone" name="phone" type="tel" placeholder="+14155550100" defaultValue={values.phone} className={inputClass} aria-invalid={Boolean(state.fieldErrors?.phone)} aria-describedby="customer-phone-error" />
        <FieldError id="customer-phone-error" errors={state.fieldErrors?.phone} />
      </div>
      <div className="space-y-1">
        <label htmlFor="customer-priority" className={labelClass}>Priority (0 normal – 3 VIP)</label>
        <input id="customer-priority" name="priority" type="number" min={0} max={3} step={1} defaultValue={values.priority} className={`${inputClass} w-24`} aria-invalid={Boolean(state.fieldErrors?.priority)} aria-describedby="customer-priority-error" />
        <FieldError id="customer-priority-error" errors={state.fieldErrors?.priority} />
      </div>
      <div className="space-y-1 pt-6">
        <button type="submit" className={buttonPrimary} disabled={pending}>{pending ? "Saving…" : "Set priority"}</button>
      </div>
      <p role="status" aria-live="polite" className={`w-full text-sm ${state.ok ? "text-emerald-700" : "text-rose-700"}`}>{state.message}</p>
    </form>
  );
}
