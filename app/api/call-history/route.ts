// GET /api/call-history?pageSize=&language=&agentId=&status=&rating=&from=&to=&cursor=&dir= — one page of calls, newest
// first, keyset-paged (nextCursor / prevCursor in the answer; dir=last for the oldest page).
import { currentSupervisor, unauthorized } from "@/lib/auth/require-supervisor";
import { getDb } from "@/lib/db/client";
import { callHistoryQuery, searchParamsRecord } from "@/lib/dashboard/call-history-query";
import { loadCallHistory } from "@/lib/dashboard/load-call-history";

export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  if (!(await currentSupervisor())) return unauthorized();
  const parsed = callHistoryQuery.safeParse(searchParamsRecord(new URL(request.url).searchParams));
  if (!parsed.success) {
    return Response.json(
      { error: "Invalid query parameters.", issues: parsed.error.issues.map((i) => ({ param: i.path.join(".") || "query", message: i.message })) },
      { status: 400 },
    );
  }
  return Response.json(await loadCallHistory(await getDb(), parsed.data));
}
