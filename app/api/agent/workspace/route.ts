// GET /api/agent/workspace — the signed-in agent's state, screen pop, reasons, disposition codes and numbers.
import { agentRoute } from "@/lib/agent-auth/agent-route";
import { AgentStateError } from "@/lib/agent-state/errors";
import { loadWorkspace } from "@/lib/agent-workspace/load-workspace";
import { getDb } from "@/lib/db/client";

export const dynamic = "force-dynamic";

export const GET = agentRoute(async (agent) => {
  const workspace = await loadWorkspace(await getDb(), agent.agentId);
  if (!workspace) throw new AgentStateError(404, "Your agent record no longer exists.");
  return workspace;
});
