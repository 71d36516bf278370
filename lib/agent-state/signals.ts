// After a state change commits: tell the supervisors' board (floor channel) and the agent's own workspace
// (private-agent-<id>). Never awaited by the request; a missed signal is repaired by the next re-fetch.
import { log } from "../log";
import { publish } from "../realtime/publish";

import { agentChannel } from "./channel";

export function announceAgentState(agentId: string, status: string, callId?: string): void {
  void Promise.all([
    publish("agent.changed", { agentId, status }),
    publish("agent.changed", { agentId, status, ...(callId ? { callId } : {}) }, agentChannel(agentId)),
  ]).catch((err: unknown) => log.warn({ err, agentId }, "agent state signal failed"));
}

/** The agent's phone is ringing or a call changed: their workspace re-fetches the screen pop. */
export function announceAgentCall(agentId: string, callId: string, status: string): void {
  void publish("call.changed", { agentId, callId, status }, agentChannel(agentId)).catch((err: unknown) =>
    log.warn({ err, agentId }, "agent call signal failed"),
  );
}
