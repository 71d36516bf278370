// GET /api/export/agents?days= or ?from=&to= — per-agent summary of a period as CSV.
import { currentSupervisor, unauthorized } from "@/lib/auth/require-supervisor";
import { getDb } from "@/lib/db/client";
import { analyticsQuery, queryIssues, resolvePeriod } from "@/lib/dashboard/analytics-period";
import { searchParamsRecord } from "@/lib/dashboard/call-history-query";
import { exportAgentsCsv } from "@/lib/dashboard/export-csv";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export async function GET(request: Request) {
  if (!(await currentSupervisor())) return unauthorized();
  const parsed = analyticsQuery.safeParse(searchParamsRecord(new URL(request.url).searchParams));
  if (!parsed.success) return Response.json(queryIssues(parsed.error), { status: 400 });
  const period = resolvePeriod(parsed.data);
  return new Response(await exportAgentsCsv(await getDb(), period), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="agents-${period.from}_${period.to}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
