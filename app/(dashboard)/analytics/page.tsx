// Analytics: headline contact-centre metrics and charts for a chosen period.
import Link from "next/link";
import { z } from "zod";
import { AnalyticsCharts } from "@/components/analytics-charts";
import { PageHeader } from "@/components/page-header";
import { card } from "@/components/ui-classes";
import { AgentStatePanel } from "@/components/agent-state-panel";
import { loadStateTimeForDays } from "@/lib/agent-state/state-time";
import { requireSupervisor } from "@/lib/auth/require-supervisor";
import { getDb } from "@/lib/db/client";
import { formatDuration, formatPercent } from "@/lib/dashboard/format";
import { loadAnalytics, SERVICE_LEVEL_SECONDS } from "@/lib/dashboard/load-analytics";

export const dynamic = "force-dynamic";

const PERIODS = [1, 7, 30] as const;
const periodParam = z.coerce.number().pipe(z.union(PERIODS.map((p) => z.literal(p)))).catch(7);

export default async function AnalyticsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireSupervisor();
  const days = periodParam.parse((await searchParams).days);
  const data = await loadAnalytics(await getDb(), days);
  const stateTime = await loadStateTimeForDays(await getDb(), days);
  const t = data.totals;
  const tiles: Array<{ label: string; value: string; hint: string }> = [
    { label: "Calls", value: String(t.calls), hint: `${t.agentRequests} asked for an agent` },
    { label: "Avg speed of answer", value: formatDuration(t.asaSeconds), hint: `${t.answered} answered by an agent` },
    { label: "Service level", value: formatPercent(t.serviceLevel), hint: `answered within ${SERVICE_LEVEL_SECONDS} s` },
    { label: "Abandonment", value: formatPercent(t.abandonmentRate), hint: "hung up before reaching an agent" },
    { label: "Avg call duration", value: formatDuration(t.avgTalkSeconds), hint: "agent talk time" },
    { label: "CSAT", value: formatPercent(t.csat), hint: t.avgRating === null ? "no ratings yet" : `mean ${t.avgRating.toFixed(2)} / 4 from ${t.ratings}` },
  ];
  return (
    <>
      <PageHeader
        title="Analytics"
        description={`Last ${days === 1 ? "24 hours (today)" : `${days} days`}.`}
        actions={
          <nav aria-label="Period" className="flex gap-1 rounded-lg bg-slate-100 p-1 text-sm">
            {PERIODS.map((p) => (
              <Link key={p} href={`/analytics?days=${p}`} aria-current={p === days ? "page" : undefined} className={`rounded-md px-3 py-1 ${p === days ? "bg-white font-semibold shadow-sm" : "text-slate-600"}`}>
                {p === 1 ? "Today" : `${p} days`}
              </Link>
            ))}
          </nav>
        }
      />
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
