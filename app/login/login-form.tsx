"use client";
import { useActionState } from "react";
import { loginAction, type LoginState } from "@/lib/auth/login-action";
import { FieldError } from "@/components/field-error";
import { buttonPrimary, card, inputClass, labelClass } from "@/components/ui-classes";

export function LoginForm({ callbackUrl }: { callbackUrl: string }) {
  const [state, action, pending] = useActionState<LoginState, FormData>(loginAction, {});
  return (
    <form action={action} className={`${card} space-y-4 p-6`} noValidate>
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <div className="space-y-1">
        <label htmlFor="email" className={labelClass}>
          Email
        </label>
        <input
          id="email"
          name="email"
          type="email"
          autoComplete="username"
          required
          defaultValue={state.email}
          aria-invalid={Boolean(state.fieldErrors?.email)}
          aria-describedby="email-error"
          className={inputClass}
        />
        <FieldError id="email-error" errors={state.fieldErrors?.email} />
      </div>
      <div className="space-y-1">
        <label htmlFor="password" className={labelClass}>
          Password
        </label>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          aria-invalid={Boolean(state.fieldErrors?.password)}
          aria-describedby="password-error"
          className={inputClass}
        />
        <FieldError id="password-error" errors={state.fieldErrors?.password} />
      </div>
      <div aria-live="polite" role="alert" className="min-h-5 text-sm text-rose-700" data-testid="login-error">
        {state.message}
      </div>
      <button type="submit" disabled={pending} className={`${buttonPrimary} w-full`}>
        {pending ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
