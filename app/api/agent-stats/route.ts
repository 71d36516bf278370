// GET /api/agent-stats — every agent's status, totals and live score terms per language.
import { currentSupervisor } from "@/lib/auth/require-supervisor";
import { getDb } from "@/lib/db/client";
import { loadAgentStats } from "@/lib/dashboard/load-agent-stats";
import { jsonRoute, unauthenticated } from "@/lib/http/errors";

export const dynamic = "force-dynamic";

export const GET = jsonRoute("api/agent-stats", async () => {
  if (!(await currentSupervisor())) throw unauthenticated();
  return Response.json(await loadAgentStats(await getDb()));
});
