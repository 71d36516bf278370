// POST /api/agent/state {status: AVAILABLE | NOT_READY (+reason) | OFFLINE} — the agent changes their own state.
import { agentRoute } from "@/lib/agent-auth/agent-route";
import { changeAgentState } from "@/lib/agent-state/transitions";
import { getDb } from "@/lib/db/client";

export const POST = agentRoute(async (agent, body) => {
  const { agentId: _own, ...change } = body;
  return changeAgentState(await getDb(), agent.agentId, change, { kind: "agent" });
});
