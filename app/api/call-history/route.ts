// GET /api/call-history?pageSize=&language=&agentId=&status=&rating=&from=&to=&cursor=&dir= — one page of calls, newest
// first, keyset-paged (nextCursor / prevCursor in the answer; dir=last for the oldest page).
import { currentSupervisor } from "@/lib/auth/require-supervisor";
import { getDb } from "@/lib/db/client";
import { callHistoryQuery, searchParamsRecord } from "@/lib/dashboard/call-history-query";
import { loadCallHistory } from "@/lib/dashboard/load-call-history";
import { invalidInput, jsonRoute, unauthenticated } from "@/lib/http/errors";

export const dynamic = "force-dynamic";

export const GET = jsonRoute("api/call-history", async (request: Request) => {
  if (!(await currentSupervisor())) throw unauthenticated();
  const parsed = callHistoryQuery.safeParse(searchParamsRecord(new URL(request.url).searchParams));
  if (!parsed.success) throw invalidInput(parsed.error, "Invalid query parameters.");
  return Response.json(await loadCallHistory(await getDb(), parsed.data));
});
