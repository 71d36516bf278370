// GET /api/analytics?days=1|7|30|90 or ?from=YYYY-MM-DD&to=YYYY-MM-DD — the analytics page's numbers as JSON.
import { currentSupervisor, unauthorized } from "@/lib/auth/require-supervisor";
import { getDb } from "@/lib/db/client";
import { analyticsQuery, queryIssues, resolvePeriod } from "@/lib/dashboard/analytics-period";
import { searchParamsRecord } from "@/lib/dashboard/call-history-query";
import { loadAnalytics } from "@/lib/dashboard/load-analytics";

export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  if (!(await currentSupervisor())) return unauthorized();
  const parsed = analyticsQuery.safeParse(searchParamsRecord(new URL(request.url).searchParams));
  if (!parsed.success) return Response.json(queryIssues(parsed.error), { status: 400 });
  return Response.json(await loadAnalytics(await getDb(), resolvePeriod(parsed.data)));
}
