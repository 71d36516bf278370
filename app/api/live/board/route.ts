// GET /api/live/board?agents=<id,id,...>&counts=1 — the board's partial re-fetch for the signals a tab received
// (lib/realtime/live-patch.ts): those agents' rows (without rank) and the state counts. Supervisors only.
import { currentSupervisor } from "@/lib/auth/require-supervisor";
import { getDb } from "@/lib/db/client";
import { searchParamsRecord } from "@/lib/dashboard/call-history-query";
import { invalidInput, jsonRoute, unauthenticated } from "@/lib/http/errors";
import { boardPatchQuery } from "@/lib/realtime/live-patch";
import { loadBoardPatch } from "@/lib/realtime/load-board-patch";

export const dynamic = "force-dynamic";

export const GET = jsonRoute("api/live/board", async (request: Request) => {
  if (!(await currentSupervisor())) throw unauthenticated();
  const parsed = boardPatchQuery.safeParse(searchParamsRecord(new URL(request.url).searchParams));
  if (!parsed.success) throw invalidInput(parsed.error, "Invalid query parameters.");
  return Response.json(await loadBoardPatch(await getDb(), parsed.data), { headers: { "cache-control": "no-store" } });
});
