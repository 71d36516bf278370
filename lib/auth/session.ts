// The one answer to "who is signed in, and may they do this", for pages, server actions and route handlers.
// Sessions are signed JWT cookies (the proxy reads them without a database), and every dashboard request, API and
// action here also checks the token's session version against the account's: sign-out, a password change and
// removal bump it, which ends every session of that account at once. Plivo webhooks never come through here.
// Roles: ADMIN manages supervisors; SUPERVISOR runs the floor; agents (lib/agent-auth) sign in at the same /login
// and are never supervisors here.
import "server-only";
import { redirect } from "next/navigation";
import { cache } from "react";
import { auth } from "@/auth";
import { getDb, type Db } from "../db/client";

export type Role = "ADMIN" | "SUPERVISOR";
export type SignedInUser = { id: string; email: string; name: string; role: Role };
/** Kept for existing imports. */
export type SupervisorSession = SignedInUser;

/** What auth.config.ts puts in the token and the session (see its callbacks). */
export type SessionClaims = { id?: string; sessionVersion?: number; role?: string };

async function readSession(): Promise<SignedInUser | null> {
  const session = await auth();
  const claims = session?.user as SessionClaims | undefined;
  // An agent's session (lib/agent-auth) is never a supervisor's, whatever else it carries.
  if (!claims?.id || claims.role === "agent" || typeof claims.sessionVersion !== "number") return null;
  const db = await getDb();
  const account = await db.supervisor.findUnique({
    where: { id: claims.id },
    select: { id: true, email: true, name: true, role: true, sessionVersion: true },
  });
  // Removed, or signed out / password changed since this token was issued.
  if (!account || account.sessionVersion !== claims.sessionVersion) return null;
  return { id: account.id, email: account.email, name: account.name, role: account.role === "ADMIN" ? "ADMIN" : "SUPERVISOR" };
}

/** The signed-in supervisor or null; one database read per request (React cache). */
export const currentSupervisor = cache(readSession);

/** For pages and server actions: the signed-in supervisor, or a redirect to the login page. */
export async function requireSupervisor(): Promise<SignedInUser> {
  const user = await currentSupervisor();
  if (!user) redirect("/login");
  return user;
}

/** For the supervisor-management pages and actions: an admin, or a redirect (home when signed in but not admin). */
export async function requireAdmin(): Promise<SignedInUser> {
  const user = await requireSupervisor();
  if (user.role !== "ADMIN") redirect("/?denied=admin");
  return user;
}

/** For JSON route handlers: a 401 response when nobody (or a revoked session) is signed in. */
export function unauthorized(): Response {
  return Response.json({ error: "Sign in as a supervisor first." }, { status: 401 });
}

/** End every session of this supervisor (sign-out everywhere, password change). */
export async function revokeSessions(db: Db, supervisorId: string): Promise<void> {
  await db.supervisor.updateMany({ where: { id: supervisorId }, data: { sessionVersion: { increment: 1 } } });
}
