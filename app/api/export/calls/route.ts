// GET /api/export/calls?days= or ?from=&to=&language=&agentId=&status=&rating= — matching calls as CSV, streamed.
import { currentSupervisor, unauthorized } from "@/lib/auth/require-supervisor";
import { getDb } from "@/lib/db/client";
import { queryIssues, resolvePeriod } from "@/lib/dashboard/analytics-period";
import { callExportQuery, searchParamsRecord } from "@/lib/dashboard/call-history-query";
import { exportCallsCsv } from "@/lib/dashboard/export-csv";
import { callCentreZone } from "@/lib/dashboard/time";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export async function GET(request: Request) {
  if (!(await currentSupervisor())) return unauthorized();
  const parsed = callExportQuery.safeParse(searchParamsRecord(new URL(request.url).searchParams));
  if (!parsed.success) return Response.json(queryIssues(parsed.error), { status: 400 });
  const zone = callCentreZone();
  const q = parsed.data;
  const period = q.days ? resolvePeriod({ days: q.days }) : null;
  const filters = { ...q, from: period?.from ?? q.from, to: period?.to ?? q.to };
  const name = `calls-${period ? `${period.from}_${period.to}` : `${q.from ?? "all"}_${q.to ?? "now"}`}.csv`;
  return new Response(exportCallsCsv(await getDb(), filters, { zone }), {
    headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="${name}"`, "Cache-Control": "no-store" },
  });
}
