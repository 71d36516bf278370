// POST /api/agent/disposition {callId, code, notes} — what came of a call the agent took.
import { agentRoute } from "@/lib/agent-auth/agent-route";
import { saveDisposition } from "@/lib/agent-state/dispositions";
import { getDb } from "@/lib/db/client";
import { publish } from "@/lib/realtime/publish";

export const POST = agentRoute(async (agent, body) => {
  const saved = await saveDisposition(await getDb(), agent.agentId, { callId: body.callId, code: body.code, notes: body.notes ?? "" });
  void publish("call.changed", { callId: saved.callId, agentId: agent.agentId });
  return saved;
});
