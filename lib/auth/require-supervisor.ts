// Session checks for server components, server actions and route handlers. The proxy already turns anonymous
// requests away; these repeat the check where the data is read, so no page or action depends on the matcher.
import "server-only";
import { redirect } from "next/navigation";
import { auth } from "@/auth";

export type SupervisorSession = { id: string; email: string; name: string };

export async function currentSupervisor(): Promise<SupervisorSession | null> {
  const session = await auth();
  const user = session?.user;
  // An agent session is not a supervisor (lib/agent-auth/roles.ts): every supervisor check refuses it.
  if (!user?.id || !user.email || user.role === "agent") return null;
  return { id: user.id, email: user.email, name: user.name ?? user.email };
}

/** For pages and server actions: the signed-in supervisor, or a redirect to the login page. */
export async function requireSupervisor(): Promise<SupervisorSession> {
  const supervisor = await currentSupervisor();
  if (!supervisor) redirect("/login");
  return supervisor;
}

/** For JSON route handlers: a 401 response when nobody is signed in. */
export function unauthorized(): Response {
  return Response.json({ error: "Sign in as a supervisor first." }, { status: 401 });
}
