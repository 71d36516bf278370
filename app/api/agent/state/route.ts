// POST /api/agent/state {status: AVAILABLE | NOT_READY (+reason) | OFFLINE} — the agent changes their own state.
import { agentRoute } from "@/lib/agent-auth/agent-route";
import { changeAgentState } from "@/lib/agent-state/transitions";
import { getDb } from "@/lib/db/client";
import { triggerCallbackDispatch } from "@/lib/ivr/callback-dispatch";

export const POST = agentRoute(async (agent, body) => {
  const { agentId: _own, ...change } = body;
  const db = await getDb();
  const result = await changeAgentState(db, agent.agentId, change, { kind: "agent" });
  // #18: an agent who becomes available may be the one a queued callback at the head of the line is waiting for.
  if (change.status === "AVAILABLE") triggerCallbackDispatch(db);
  return result;
});
