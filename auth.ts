// Auth.js v5 for supervisors: email + password checked against the Supervisor table's bcrypt hash.
import NextAuth from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { authConfig } from "./auth.config";
import { loginInput } from "@/lib/auth/login-input";
import { verifySupervisor } from "@/lib/auth/verify-supervisor";
import { getDb } from "@/lib/db/client";

export const {
  handlers: { GET, POST },
  auth,
  signIn,
  signOut,
} = NextAuth({
  ...authConfig,
  providers: [
    Credentials({
      credentials: { email: { type: "email", label: "Email" }, password: { type: "password", label: "Password" } },
      async authorize(raw) {
        const parsed = loginInput.safeParse(raw);
        if (!parsed.success) return null;
        const supervisor = await verifySupervisor(await getDb(), parsed.data.email, parsed.data.password);
        return supervisor ? { id: supervisor.id, email: supervisor.email, name: supervisor.name } : null;
      },
    }),
  ],
});
