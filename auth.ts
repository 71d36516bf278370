// Auth.js v5 for supervisors and agents: email + password checked against the Supervisor table's bcrypt hash.
import NextAuth from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { authConfig } from "./auth.config";
import { loginInput } from "@/lib/auth/login-input";
import { verifySupervisor } from "@/lib/auth/verify-supervisor";
import { verifyAgent } from "@/lib/agent-auth/verify-agent";
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
        const db = await getDb();
        const supervisor = await verifySupervisor(db, parsed.data.email, parsed.data.password);
        if (supervisor) return { id: supervisor.id, email: supervisor.email, name: supervisor.name, role: "supervisor" };
        // Agents sign in at the same page with the account a supervisor gave them.
        const agent = await verifyAgent(db, parsed.data.email, parsed.data.password);
        return agent ? { id: agent.id, email: agent.email, name: agent.name, role: "agent", agentId: agent.agentId } : null;
      },
    }),
  ],
});
