// GET /api/live/calls?calls=<id,id,...>&queue=1&decisions=1 — the live-calls page's partial re-fetch for the
// signals a tab received (lib/realtime/live-patch.ts): those calls' rows (or gone), the queue, the latest routing
// decisions. Supervisors only.
import { currentSupervisor } from "@/lib/auth/require-supervisor";
import { getDb } from "@/lib/db/client";
import { searchParamsRecord } from "@/lib/dashboard/call-history-query";
import { invalidInput, jsonRoute, unauthenticated } from "@/lib/http/errors";
import { callsPatchQuery } from "@/lib/realtime/live-patch";
import { loadCallsPatch } from "@/lib/realtime/load-calls-patch";

export const dynamic = "force-dynamic";

export const GET = jsonRoute("api/live/calls", async (request: Request) => {
  if (!(await currentSupervisor())) throw unauthenticated();
  const parsed = callsPatchQuery.safeParse(searchParamsRecord(new URL(request.url).searchParams));
  if (!parsed.success) throw invalidInput(parsed.error, "Invalid query parameters.");
  return Response.json(await loadCallsPatch(await getDb(), parsed.data), { headers: { "cache-control": "no-store" } });
});
