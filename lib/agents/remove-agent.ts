// Remove an agent, unless they are on a call. The check and the delete are one conditional statement, so an agent
// claimed by routing a moment earlier is never deleted from under a live caller.
import type { Db } from "../db/client";
import type { AgentMutationResult } from "./agent-input";

export async function removeAgent(db: Db, agentId: string): Promise<AgentMutationResult<{ name: string }>> {
  const agent = await db.agent.findUnique({ where: { id: agentId }, select: { name: true } });
  if (!agent) return { ok: false, message: "That agent no longer exists." };
  const { count } = await db.agent.deleteMany({ where: { id: agentId, status: { not: "BUSY" }, currentCallId: null } });
  if (count === 0) {
    return { ok: false, message: `${agent.name} is on a call right now. Set them offline so no new calls reach them, then remove them after this call ends.` };
  }
  return { ok: true, value: { name: agent.name } };
}
