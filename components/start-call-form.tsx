"use client";
// Start a call: one phone field, errors tied to it, and a clear message when the rate limit is hit.
import { useActionState } from "react";
import { startCallAction, type StartCallState } from "@/lib/dashboard/start-call-action";
import { FieldError } from "./field-error";
import { buttonPrimary, card, inputClass, labelClass } from "./ui-classes";

export function StartCallForm({ mode }: { mode: "plivo" | "simulator" }) {
  const [state, action, pending] = useActionState<StartCallState, FormData>(startCallAction, {});
  const tone = state.status === "placed" ? "bg-emerald-50 text-emerald-800" : state.status === "limited" ? "bg-amber-50 text-amber-900" : "bg-rose-50 text-rose-800";
  return (
    <form action={action} className={`${card} max-w-xl space-y-4 p-6`} noValidate>
      <div className="space-y-1">
        <label htmlFor="call-to" className={labelClass}>Phone number to call</label>
        <input
          id="call-to"
          name="to"
          type="tel"
          inputMode="tel"
          placeholder="+14155550100"
          defaultValue={state.to}
          key={state.to ?? ""}
          required
          className={inputClass}
          aria-invalid={Boolean(state.fieldErrors?.to)}
          aria-describedby="call-to-hint call-to-error"
        />
        <p id="call-to-hint" className="text-xs text-slate-500">International format with country code (E.164).</p>
        <FieldError id="call-to-error" errors={state.fieldErrors?.to} />
      </div>
      <div role="alert" aria-live="assertive" data-testid="start-call-message">
        {state.message ? <p className={`rounded-md px-3 py-2 text-sm ${tone}`}>{state.message}</p> : null}
      </div>
      <button type="submit" className={buttonPrimary} disabled={pending}>
        {pending ? "Placing call…" : mode === "plivo" ? "Call through Plivo" : "Call with the simulator"}
      </button>
    </form>
  );
}
