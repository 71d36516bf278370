// GET /api/agent-stats — every agent's status, totals and live score terms per language.
import { currentSupervisor, unauthorized } from "@/lib/auth/require-supervisor";
import { getDb } from "@/lib/db/client";
import { loadAgentStats } from "@/lib/dashboard/load-agent-stats";

export const dynamic = "force-dynamic";

export async function GET() {
  if (!(await currentSupervisor())) return unauthorized();
  return Response.json(await loadAgentStats(await getDb()));
}
