"use client";
import { useActionState } from "react";
import { FieldError } from "@/components/field-error";
import { buttonPrimary, card, inputClass, labelClass } from "@/components/ui-classes";
import { changePasswordAction, type FormState } from "@/lib/auth/supervisor-actions";

const FIELDS = [
  { name: "current", label: "Current password", autoComplete: "current-password" },
  { name: "next", label: "New password (12+ characters)", autoComplete: "new-password" },
  { name: "confirm", label: "New password again", autoComplete: "new-password" },
] as const;

export function PasswordForm() {
  const [state, action, pending] = useActionState<FormState, FormData>(changePasswordAction, {});
  return (
    <form action={action} className={`${card} max-w-md space-y-4 p-6`} noValidate>
      {FIELDS.map((f) => (
        <div key={f.name} className="space-y-1">
          <label htmlFor={f.name} className={labelClass}>
            {f.label}
          </label>
          <input
            id={f.name}
            name={f.name}
            type="password"
            autoComplete={f.autoComplete}
            required
            aria-invalid={Boolean(state.fieldErrors?.[f.name])}
            aria-describedby={`${f.name}-error`}
            className={inputClass}
          />
          <FieldError id={`${f.name}-error`} errors={state.fieldErrors?.[f.name]} />
        </div>
      ))}
      <button type="submit" className={buttonPrimary} disabled={pending}>
        Change password
      </button>
      <p role="status" aria-live="polite" className="text-sm text-rose-700">
        {state.message}
      </p>
    </form>
  );
}
