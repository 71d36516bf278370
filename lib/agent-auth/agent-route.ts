// The shape of every /api/agent/* handler: the signed-in agent (401 otherwise), a JSON body parsed safely (400),
// the change done by lib/agent-state for THAT agent only (a body naming another agent is a 403), and refusals
// mapped to their 4xx. Anything else is a generic 500 with a log line.
import "server-only";
import { AgentStateError } from "../agent-state/errors";
import { log } from "../log";
import { agentOnly, currentAgent, type AgentSession } from "./current-agent";

export function agentRoute(handler: (agent: AgentSession, body: Record<string, unknown>) => Promise<unknown>) {
  return async (request: Request): Promise<Response> => {
    const agent = await currentAgent();
    if (!agent) return agentOnly();
    let body: Record<string, unknown> = {};
    if (request.method !== "GET") {
      const text = await request.text();
      if (text.length > 10_000) return Response.json({ error: "Request body too large." }, { status: 413 });
      try {
        const parsed: unknown = text ? JSON.parse(text) : {};
        if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error("not an object");
        body = parsed as Record<string, unknown>;
      } catch {
        return Response.json({ error: "Send a JSON object." }, { status: 400 });
      }
      if (body.agentId !== undefined && body.agentId !== agent.agentId) {
        return Response.json({ error: "You can change only your own state and calls." }, { status: 403 });
      }
    }
    try {
      return Response.json(await handler(agent, body));
    } catch (err) {
      if (err instanceof AgentStateError) return Response.json({ error: err.message }, { status: err.status });
      log.error({ err, agentId: agent.agentId }, "agent workspace request failed");
      return Response.json({ error: "Something went wrong." }, { status: 500 });
    }
  };
}
