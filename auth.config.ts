// The part of the Auth.js configuration that needs no database: session strategy, pages and the token/session
// shape. proxy.ts builds its session reader from this alone, so the proxy bundle never pulls in Prisma or bcrypt;
// auth.ts adds the credentials provider on top.
import type { NextAuthConfig } from "next-auth";
import type { Role } from "@/lib/agent-auth/roles";
import { env } from "@/lib/env";

export const authConfig = {
  secret: env().authSecret,
  // Sessions are signed JWT cookies: credentials sign-in requires it, and it keeps the proxy database-free.
  session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
  pages: { signIn: "/login" },
  // The app is reached through its own origin (PUBLIC_BASE_URL or localhost); there is no AUTH_URL to pin.
  trustHost: true,
  providers: [],
  // The token carries the account's id, role and session version (lib/auth/session.ts compares the version with
  // the database on every dashboard request). A role is a claim, not a check: session.ts re-reads it.
  callbacks: {
    jwt({ token, user }) {
      const signedIn = user as { id?: string; role?: Role; sessionVersion?: number; agentId?: string } | undefined;
      if (signedIn?.id) {
        token.sub = signedIn.id;
        token.role = signedIn.role;
        token.sv = signedIn.sessionVersion;
        // An agent's token names their agent (lib/agent-auth/roles.ts); supervisors carry ADMIN or SUPERVISOR.
        if (signedIn.agentId) token.agentId = signedIn.agentId;
      }
      return token;
    },
    session({ session, token }) {
      const user = session.user as typeof session.user & { sessionVersion?: number };
      if (token.sub) user.id = token.sub;
      if (typeof token.role === "string") user.role = token.role;
      if (typeof token.sv === "number") user.sessionVersion = token.sv;
      if (token.agentId) user.agentId = token.agentId;
      return session;
    },
  },
} satisfies NextAuthConfig;
