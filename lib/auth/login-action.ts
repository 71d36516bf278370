"use server";
// The login form's server action: validate, then let Auth.js check the password and set the session cookie.
import { AuthError } from "next-auth";
import { signIn, signOut } from "@/auth";
import { auditAction } from "../audit/audit-request";
import { getDb } from "../db/client";
import { env } from "../env";
import { loginInput } from "./login-input";
import { safeCallbackPath } from "./safe-callback";
import { currentSupervisor, revokeSessions } from "./session";

export type LoginState = {
  message?: string;
  fieldErrors?: { email?: string[]; password?: string[] };
  email?: string;
};

export async function loginAction(_prev: LoginState, form: FormData): Promise<LoginState> {
  const email = typeof form.get("email") === "string" ? String(form.get("email")) : "";
  const parsed = loginInput.safeParse({ email, password: form.get("password") });
  if (!parsed.success) {
    return { email, fieldErrors: parsed.error.flatten().fieldErrors, message: "Check the highlighted fields." };
  }
  try {
    // Throws Next's redirect on success, which must propagate.
    await signIn("credentials", { ...parsed.data, redirectTo: safeCallbackPath(form.get("callbackUrl")) });
  } catch (err) {
    if (err instanceof AuthError) {
      if (err.type === "CredentialsSignin" && (err as AuthError & { code?: string }).code === "throttled") {
        const minutes = Math.ceil(env().security.loginWindowSeconds / 60);
        return { email, message: `Too many sign-in attempts. Wait up to ${minutes} minutes, then try again.` };
      }
      return { email, message: err.type === "CredentialsSignin" ? "That email and password do not match a supervisor." : "Sign-in failed. Try again." };
    }
    throw err;
  }
  return {};
}

/** Sign-out ends every session of this supervisor (all browsers), not just this cookie. */
export async function logoutAction(): Promise<void> {
  const user = await currentSupervisor();
  if (user) {
    await revokeSessions(await getDb(), user.id);
    await auditAction({ action: "logout", actor: user });
  }
  await signOut({ redirectTo: "/login" });
}
