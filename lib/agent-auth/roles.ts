// Who is signed in: a supervisor (every supervisor page, action, API and the floor channel) or an agent (only their
// workspace, their own data and private-agent-<their id>). The role travels in the signed session token.
// Supervisors carry their account role (ADMIN or SUPERVISOR, lib/auth/session.ts); tokens from before roles carry none.
export type Role = "supervisor" | "agent" | "ADMIN" | "SUPERVISOR";

export type SessionUser = { id?: string; role?: Role; agentId?: string };

/** Paths an agent session may use (plus the public ones: /login, /api/auth/*). */
const AGENT_PREFIXES = ["/workspace", "/api/agent/"] as const;
const SHARED_PATHS = new Set(["/api/pusher/auth"]);

export function isAgentPath(pathname: string): boolean {
  return AGENT_PREFIXES.some((p) => pathname === p || pathname.startsWith(p.endsWith("/") ? p : `${p}/`));
}

export type GateDecision = { kind: "next" } | { kind: "forbidden"; message: string } | { kind: "redirect"; to: string };

/**
 * The role check in front of every signed-in request: an agent anywhere but their workspace gets a 403 (APIs and
 * server actions) or is sent to the workspace (pages); a supervisor is kept out of the agents' API and pages.
 * Tokens from before roles existed carry no role: they are supervisors (only supervisors could sign in then).
 */
export function gateForRole(role: Role | undefined, pathname: string, kind: { api: boolean; action: boolean }): GateDecision {
  if (SHARED_PATHS.has(pathname)) return { kind: "next" };
  if ((role ?? "supervisor") === "agent") {
    if (isAgentPath(pathname) && !(kind.action && !pathname.startsWith("/workspace"))) return { kind: "next" };
    if (kind.api || kind.action) return { kind: "forbidden", message: "Agents cannot use supervisor pages, actions or APIs." };
    return { kind: "redirect", to: "/workspace" };
  }
  if (!isAgentPath(pathname)) return { kind: "next" };
  if (kind.api || kind.action) return { kind: "forbidden", message: "This API belongs to an agent's workspace." };
  return { kind: "redirect", to: "/" };
}
