"use client";
// Add a supervisor; remove one (with a confirmation). Errors show inline, next to their field.
import { useActionState } from "react";
import { FieldError } from "@/components/field-error";
import { buttonDanger, buttonPrimary, card, inputClass, labelClass } from "@/components/ui-classes";
import { addSupervisorAction, removeSupervisorAction, type FormState } from "@/lib/auth/supervisor-actions";

export function AddSupervisorForm() {
  const [state, action, pending] = useActionState<FormState, FormData>(addSupervisorAction, {});
  const field = (name: string, label: string, type: string, autoComplete: string) => (
    <div className="space-y-1">
      <label htmlFor={`new-${name}`} className={labelClass}>
        {label}
      </label>
      <input
        id={`new-${name}`}
        name={name}
        type={type}
        autoComplete={autoComplete}
        required
        aria-invalid={Boolean(state.fieldErrors?.[name])}
        aria-describedby={`new-${name}-error`}
        className={inputClass}
      />
      <FieldError id={`new-${name}-error`} errors={state.fieldErrors?.[name]} />
    </div>
  );
  return (
    <form action={action} className={`${card} grid gap-4 p-4 sm:grid-cols-4 sm:items-start`} noValidate>
      {field("name", "Name", "text", "off")}
      {field("email", "Email", "email", "off")}
      {field("password", "Initial password (12+ characters)", "password", "new-password")}
      <div className="space-y-1 sm:pt-6">
        <button type="submit" className={buttonPrimary} disabled={pending}>
          Add supervisor
        </button>
        <p role="status" aria-live="polite" className={`text-xs ${state.ok === false ? "text-rose-700" : "text-emerald-700"}`}>
          {state.message}
        </p>
      </div>
    </form>
  );
}

export function RemoveSupervisorButton({ supervisorId, email }: { supervisorId: string; email: string }) {
  const [state, action, pending] = useActionState<FormState, FormData>(removeSupervisorAction, {});
  return (
    <form
      action={action}
      className="flex flex-col items-end gap-1"
      onSubmit={(e) => {
        if (!window.confirm(`Remove ${email}? They are signed out everywhere at once.`)) e.preventDefault();
      }}
    >
      <input type="hidden" name="supervisorId" value={supervisorId} />
      <button type="submit" className={buttonDanger} disabled={pending} aria-label={`Remove ${email}`}>
        Remove
      </button>
      <p role="status" aria-live="polite" className={`max-w-64 text-right text-xs ${state.ok === false ? "text-rose-700" : "text-emerald-700"}`}>
        {state.message}
      </p>
    </form>
  );
}
