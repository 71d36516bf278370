// POST /api/agent/wrap-up {seconds?} — extend the current wrap-up once, within the 15-minute maximum.
import { agentRoute } from "@/lib/agent-auth/agent-route";
import { extendWrapUp } from "@/lib/agent-state/transitions";
import { getDb } from "@/lib/db/client";
import { env } from "@/lib/env";

export const POST = agentRoute(async (agent, body) =>
  extendWrapUp(await getDb(), agent.agentId, { seconds: body.seconds }, env().routing, { kind: "agent" }),
);
