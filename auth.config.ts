// The part of the Auth.js configuration that needs no database: session strategy, pages and the token/session
// shape. proxy.ts builds its session reader from this alone, so the proxy bundle never pulls in Prisma or bcrypt;
// auth.ts adds the credentials provider on top.
import type { NextAuthConfig } from "next-auth";
import { env } from "@/lib/env";

export const authConfig = {
  secret: env().authSecret,
  // Sessions are signed JWT cookies: credentials sign-in requires it, and it keeps the proxy database-free.
  session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
  pages: { signIn: "/login" },
  // The app is reached through its own origin (PUBLIC_BASE_URL or localhost); there is no AUTH_URL to pin.
  trustHost: true,
  providers: [],
  callbacks: {
    jwt({ token, user }) {
      if (user?.id) token.sub = user.id;
      // The role (lib/agent-auth/roles.ts) is fixed at sign-in: an agent's token names their agent.
      if (user?.role) token.role = user.role;
      if (user?.agentId) token.agentId = user.agentId;
      return token;
    },
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub;
      session.user.role = token.role ?? "supervisor";
      if (token.agentId) session.user.agentId = token.agentId;
      return session;
    },
  },
} satisfies NextAuthConfig;
