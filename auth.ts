// Auth.js v5 for supervisors and agents: email + password, throttled and checked off the event loop
// (lib/auth/authenticate.ts). Agents get the "agent" role and their agent's id in the token (lib/agent-auth/roles.ts).
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { authConfig } from "./auth.config";
import { authenticate } from "@/lib/auth/authenticate";
import { loginInput } from "@/lib/auth/login-input";
import { getDb } from "@/lib/db/client";
import { clientAddress } from "@/lib/http/client-address";

/** Too many attempts for this account or address: the login form says when to try again. */
export class ThrottledSignin extends CredentialsSignin {
  override code = "throttled";
}

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
      async authorize(raw, request) {
        const parsed = loginInput.safeParse(raw);
        if (!parsed.success) return null;
        const result = await authenticate(await getDb(), { ...parsed.data, address: clientAddress(request.headers) });
        if (!result.ok) {
          if (result.reason === "throttled") throw new ThrottledSignin();
          return null;
        }
        if (result.agent) {
          const { id, email, name, agentId } = result.agent;
          return { id, email, name, role: "agent", agentId };
        }
        const { id, email, name, role, sessionVersion } = result.user;
        return { id, email, name, role: role === "ADMIN" ? "ADMIN" : "SUPERVISOR", sessionVersion };
      },
    }),
  ],
});
