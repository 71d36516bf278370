// The signed-in agent, for the workspace page and the /api/agent/* handlers.
import "server-only";
import { redirect } from "next/navigation";
import { auth } from "@/auth";
import { getDb } from "@/lib/db/client";

export type AgentSession = { agentId: string; email: string; name: string };

export async function currentAgent(): Promise<AgentSession | null> {
  const session = await auth();
  const user = session?.user;
  if (user?.role !== "agent" || !user.agentId || !user.email) return null;
  // A removed agent (or account) ends the session at once: the token alone is not enough.
  const account = await (await getDb()).agentAccount.findUnique({ where: { agentId: user.agentId }, select: { id: true } });
  if (!account) return null;
  return { agentId: user.agentId, email: user.email, name: user.name ?? user.email };
}

export async function requireAgent(): Promise<AgentSession> {
  const agent = await currentAgent();
  if (!agent) redirect("/login");
  return agent;
}

export function agentOnly(): Response {
  return Response.json({ error: "Sign in as an agent." }, { status: 401 });
}
