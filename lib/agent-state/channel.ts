// Each agent's private Pusher channel: only that agent's session is allowed to subscribe (app/api/pusher/auth).
export const AGENT_CHANNEL_PREFIX = "private-agent-";

export function agentChannel(agentId: string): string {
  return `${AGENT_CHANNEL_PREFIX}${agentId}`;
}
