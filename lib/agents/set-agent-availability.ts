// A supervisor forces an agent's state (audited in AgentStateChange with their email). BUSY belongs to routing, so
// an agent on a call is refused (lib/agent-state says why); the state machine lives in lib/agent-state.
import { AgentStateError } from "../agent-state/errors";
import { changeAgentState, type StateChange } from "../agent-state/transitions";
import type { Db } from "../db/client";
import type { AgentMutationResult } from "./agent-input";

export async function setAgentAvailability(
  db: Db,
  agentId: string,
  change: StateChange,
  supervisorEmail: string,
  now = new Date(),
): Promise<AgentMutationResult<{ name: string; status: string }>> {
  const agent = await db.agent.findUnique({ where: { id: agentId }, select: { name: true } });
  if (!agent) return { ok: false, message: "That agent no longer exists." };
  try {
    const result = await changeAgentState(db, agentId, change, { kind: "supervisor", email: supervisorEmail }, now);
    return { ok: true, value: { name: agent.name, status: result.status } };
  } catch (err) {
    if (!(err instanceof AgentStateError)) throw err;
    const message = err.status === 409 && err.message.startsWith("On a call") ? `${agent.name} is on a call; change their state when the call ends.` : err.message;
    return { ok: false, message };
  }
}
