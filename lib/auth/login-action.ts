"use server";
// The login form's server action: validate, then let Auth.js check the password and set the session cookie.
import { AuthError } from "next-auth";
import { signIn, signOut } from "@/auth";
import { loginInput } from "./login-input";

export type LoginState = {
  message?: string;
  fieldErrors?: { email?: string[]; password?: string[] };
  email?: string;
};

/** Only same-site paths: an attacker-supplied callbackUrl must not turn the login page into an open redirect. */
function safeCallback(value: FormDataEntryValue | null): string {
  const s = typeof value === "string" ? value : "";
  return s.startsWith("/") && !s.startsWith("//") && !s.startsWith("/\\") ? s : "/";
}

export async function loginAction(_prev: LoginState, form: FormData): Promise<LoginState> {
  const email = typeof form.get("email") === "string" ? String(form.get("email")) : "";
  const parsed = loginInput.safeParse({ email, password: form.get("password") });
  if (!parsed.success) {
    return { email, fieldErrors: parsed.error.flatten().fieldErrors, message: "Check the highlighted fields." };
  }
  try {
    // Throws Next's redirect on success, which must propagate.
    await signIn("credentials", { ...parsed.data, redirectTo: safeCallback(form.get("callbackUrl")) });
  } catch (err) {
    if (err instanceof AuthError) {
      return { email, message: err.type === "CredentialsSignin" ? "That email and password do not match a supervisor." : "Sign-in failed. Try again." };
    }
    throw err;
  }
  return {};
}

export async function logoutAction(): Promise<void> {
  await signOut({ redirectTo: "/login" });
}
