// Supervisor availability changes. BUSY belongs to routing (set when a call claims the agent, cleared when it
// ends), so a busy agent's status is never overwritten here; that would free them for a second call mid-call.
import type { Db } from "../db/client";
import type { AgentMutationResult, SETTABLE_STATUSES } from "./agent-input";

export async function setAgentAvailability(
  db: Db,
  agentId: string,
  status: (typeof SETTABLE_STATUSES)[number],
  now = new Date(),
): Promise<AgentMutationResult<{ name: string; status: string }>> {
  const { count } = await db.agent.updateMany({
    where: { id: agentId, status: { not: "BUSY" }, currentCallId: null },
    // Coming back (e.g. from AWAY after missed calls) starts a fresh miss count and idle clock.
    data: status === "AVAILABLE" ? { status, consecutiveMisses: 0, idleSince: now } : { status },
  });
  const agent = await db.agent.findUnique({ where: { id: agentId }, select: { name: true, status: true } });
  if (!agent) return { ok: false, message: "That agent no longer exists." };
  if (count === 0) return { ok: false, message: `${agent.name} is on a call; change their availability when the call ends.` };
  return { ok: true, value: agent };
}
