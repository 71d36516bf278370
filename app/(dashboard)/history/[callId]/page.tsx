// One call: its facts, the timeline of CallEvents, its routing decisions and the caller's rating.
import Link from "next/link";
import { notFound } from "next/navigation";
import { DecisionCard } from "@/components/decision-card";
import { PageHeader } from "@/components/page-header";
import { StatusBadge } from "@/components/status-badge";
import { card } from "@/components/ui-classes";
import { requireSupervisor } from "@/lib/auth/require-supervisor";
import { getDb } from "@/lib/db/client";
import { formatDateTime, formatDuration, titleCase } from "@/lib/dashboard/format";
import { callCentreZone } from "@/lib/dashboard/time";
import { loadCallDetail } from "@/lib/dashboard/load-call-history";

export const dynamic = "force-dynamic";

function detailText(detail: Record<string, unknown> | string | null): string {
  if (detail === null) return "";
  if (typeof detail === "string") return detail;
  return Object.entries(detail)
    .map(([k, v]) => `${k}: ${typeof v === "object" ? JSON.stringify(v) : typeof v === "number" && !Number.isInteger(v) ? v.toFixed(2) : String(v)}`)
    .join(" · ");
}

export default async function CallDetailPage({ params }: { params: Promise<{ callId: string }> }) {
  await requireSupervisor();
  const { callId } = await params;
  const detail = await loadCallDetail(await getDb(), callId);
  if (!detail) notFound();
  const { call, events, decisions } = detail;
  const facts: Array<[string, React.ReactNode]> = [
    ["Direction", titleCase(call.direction)],
    ["From", call.from],
    ["To", call.to],
    ["Language", call.language?.name ?? "—"],
    ["Agent", call.agent?.name ?? "—"],
    ["IVR step", titleCase(call.step)],
    ["Started", formatDateTime(call.startedAt.toISOString(), callCentreZone())],
    ["Talk time", formatDuration(call.agentTalkSeconds)],
    ["Duration", formatDuration(call.duration)],
    ["Hangup cause", call.hangupCause ?? "—"],
    ["Rating", call.feedback ? `${call.feedback.rating} of 4` : "—"],
    ["Call UUID", <span key="uuid" className="font-mono text-xs">{call.callUuid}</span>],
  ];
  return (
    <>
      <Link href="/history" className="text-sm text-indigo-700 hover:underline">
        ← Call history
      </Link>
      <PageHeader title={`Call from ${call.direction === "OUTBOUND" ? call.to : call.from}`} actions={<StatusBadge status={call.status} kind="call" />} />
      <div className="grid gap-6 lg:grid-cols-3">
        <section aria-labelledby="facts" className={`${card} p-4`}>
          <h2 id="facts" className="mb-3 font-semibold">Details</h2>
          <dl className="grid grid-cols-2 gap-x-3 gap-y-2 text-sm">
            {facts.map(([k, v]) => (
              <div key={k} className="contents">
                <dt className="text-slate-500">{k}</dt>
                <dd className="text-slate-900">{v}</dd>
              </div>
            ))}
          </dl>
        </section>
        <section aria-labelledby="timeline" className={`${card} p-4 lg:col-span-2`}>
          <h2 id="timeline" className="mb-3 font-semibold">Timeline</h2>
          {events.length === 0 ? (
            <p className="text-sm text-slate-500">No events recorded for this call.</p>
          ) : (
            <ol className="relative space-y-3 border-l border-slate-200 pl-5" data-testid="call-timeline">
              {events.map((e) => (
                <li key={e.id} className="relative">
                  <span aria-hidden className="absolute -left-[25px] top-1.5 h-2.5 w-2.5 rounded-full bg-indigo-500 ring-4 ring-white" />
                  <p className="text-sm font-medium text-slate-900">
                    {titleCase(e.type.replaceAll(".", "_"))}{" "}
                    <time className="ml-2 text-xs font-normal text-slate-500" dateTime={e.at}>
                      {formatDateTime(e.at, callCentreZone())}
                    </time>
                  </p>
                  {e.detail ? <p className="break-all text-xs text-slate-600">{detailText(e.detail)}</p> : null}
                </li>
              ))}
            </ol>
          )}
        </section>
      </div>
      {decisions.length > 0 ? (
        <section aria-labelledby="decisions" className="space-y-3">
          <h2 id="decisions" className="text-lg font-semibold">Routing decisions</h2>
          {decisions.map((d) => (
            <DecisionCard key={d.id} decision={d} open zone={callCentreZone()} />
          ))}
        </section>
      ) : null}
    </>
  );
}
