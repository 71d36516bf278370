// Analytics: headline contact-centre metrics and charts for a chosen period.
import Link from "next/link";
import { AnalyticsCharts } from "@/components/analytics-charts";
import { PageHeader } from "@/components/page-header";
import { buttonPrimary, buttonSecondary, card, inputClass, labelClass } from "@/components/ui-classes";
import { AgentStatePanel } from "@/components/agent-state-panel";
import { loadStateTimeForPeriod } from "@/lib/agent-state/state-time";
import { requireSupervisor } from "@/lib/auth/require-supervisor";
import { getDb } from "@/lib/db/client";
import { analyticsQuery, PERIOD_DAYS, resolvePeriod } from "@/lib/dashboard/analytics-period";
import { searchParamsRecord } from "@/lib/dashboard/call-history-query";
import { formatDuration, formatPercent } from "@/lib/dashboard/format";
import { loadAnalytics, SERVICE_LEVEL_SECONDS } from "@/lib/dashboard/load-analytics";

export const dynamic = "force-dynamic";

export default async function AnalyticsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireSupervisor();
  const raw = searchParamsRecord(await searchParams);
  const parsed = analyticsQuery.safeParse(raw);
  const period = resolvePeriod(parsed.success ? parsed.data : {});
  const data = await loadAnalytics(await getDb(), period);
  const days = period.custom ? null : period.days;
  const periodQuery = period.custom ? `from=${period.from}&to=${period.to}` : `days=${period.days}`;
  const stateTime = await loadStateTimeForPeriod(await getDb(), period);
  const t = data.totals;
  const tiles: Array<{ label: string; value: string; hint: string }> = [
    { label: "Calls", value: String(t.calls), hint: `${t.agentRequests} asked for an agent` },
    { label: "Avg speed of answer", value: formatDuration(t.asaSeconds), hint: `${t.answered} answered by an agent` },
    { label: "Service level", value: formatPercent(t.serviceLevel), hint: `answered within ${SERVICE_LEVEL_SECONDS} s` },
    { label: "Abandonment", value: formatPercent(t.abandonmentRate), hint: "hung up before reaching an agent" },
    { label: "Avg call duration", value: formatDuration(t.avgTalkSeconds), hint: "agent talk time" },
    { label: "CSAT", value: formatPercent(t.csat), hint: t.avgRating === null ? "no ratings yet" : `mean ${t.avgRating.toFixed(2)} / 4 from ${t.ratings}` },
    { label: "Outside hours", value: String(data.afterHours.callsOutsideHours), hint: `${data.afterHours.voicemails} voicemails left` },
    // #18
    {
      label: "Callbacks",
      value: String(data.callbacks.requested),
      hint: `${data.callbacks.completed} completed, ${data.callbacks.failed} failed, ${data.callbacks.cancelled} cancelled, ${data.callbacks.open} open`,
    },
    {
      label: "Wait estimate error",
      value: formatDuration(data.waitEstimate.maeSeconds),
      hint:
        data.waitEstimate.scored === 0
          ? "no queued caller reached an agent yet"
          : `mean absolute, ${formatPercent(data.waitEstimate.within60)} within ±60 s, over ${data.waitEstimate.scored} calls`,
    },
  ];
  return (
    <>
      <PageHeader
        title="Analytics"
        description={`${period.custom ? `${period.from} to ${period.to}` : days === 1 ? "Today" : `Last ${days} days`} (${period.zone}).`}
        actions={
          <nav aria-label="Period" className="flex gap-1 rounded-lg bg-slate-100 p-1 text-sm">
            {PERIOD_DAYS.map((p) => (
              <Link key={p} href={`/analytics?days=${p}`} aria-current={p === days ? "page" : undefined} className={`rounded-md px-3 py-1 ${p === days ? "bg-white font-semibold shadow-sm" : "text-slate-600"}`}>
                {p === 1 ? "Today" : `${p} days`}
              </Link>
            ))}
          </nav>
        }
      />
      <form method="get" className={`${card} flex flex-wrap items-end gap-3 p-4`} aria-label="Custom period">
        <div>
          <label htmlFor="a-from" className={labelClass}>From</label>
          <input id="a-from" name="from" type="date" defaultValue={period.custom ? period.from : ""} className={inputClass} />
        </div>
        <div>
          <label htmlFor="a-to" className={labelClass}>To</label>
          <input id="a-to" name="to" type="date" defaultValue={period.custom ? period.to : ""} className={inputClass} />
        </div>
        <button type="submit" className={buttonPrimary}>Show</button>
        <span className="ml-auto flex gap-2">
          <a className={buttonSecondary} href={`/api/export/calls?${periodQuery}`} download>Export calls (CSV)</a>
          <a className={buttonSecondary} href={`/api/export/agents?${periodQuery}`} download>Agent summary (CSV)</a>
        </span>
      </form>
      {!parsed.success ? (
        <p role="alert" className="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-800">
          Ignored invalid period: {parsed.error.issues.map((i) => `${String(i.path[0] ?? "query")}: ${i.message}`).join("; ")}
        </p>
      ) : null}
      <dl className="grid grid-cols-2 gap-4 md:grid-cols-3 xl:grid-cols-6">
        {tiles.map((tile) => (
          <div key={tile.label} className={`${card} p-4`}>
            <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">{tile.label}</dt>
            <dd className="mt-1 text-2xl font-bold tabular-nums text-slate-900">{tile.value}</dd>
            <dd className="text-xs text-slate-500">{tile.hint}</dd>
          </div>
        ))}
      </dl>
      <AnalyticsCharts data={data} />
      <AgentStatePanel time={stateTime} />
    </>
  );
}
