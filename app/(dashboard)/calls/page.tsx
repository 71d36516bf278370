// Live calls and queue: what is happening on the floor right now, and why each caller got their agent.
import { DateTime } from "luxon";
import Link from "next/link";
import { DecisionCard } from "@/components/decision-card";
import { Elapsed } from "@/components/elapsed";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";
import { StatusBadge } from "@/components/status-badge";
import { CallbackControls } from "@/components/callback-controls";
import { StuckCallControls } from "@/components/stuck-call-controls";
import { buttonPrimary, card } from "@/components/ui-classes";
import { requireSupervisor } from "@/lib/auth/require-supervisor";
import { getDb } from "@/lib/db/client";
import { titleCase } from "@/lib/dashboard/format";
import { loadLiveFloor } from "@/lib/dashboard/load-live-floor";
import { env } from "@/lib/env";

export const dynamic = "force-dynamic";

export default async function LiveCallsPage() {
  await requireSupervisor();
  const { live, waiting, decisions, callbacks } = await loadLiveFloor(await getDb());
  const zone = env().timeZone; // times shown in the call centre's zone
  return (
    <>
      <PageHeader
        title="Live calls"
        description="Every call in progress, callers waiting for an agent, and the reasoning behind each routing decision."
        actions={
          <Link href="/start-call" className={buttonPrimary}>
            Start a call
          </Link>
        }
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <section aria-labelledby="live-heading" className={`${card} lg:col-span-2`}>
          <h2 id="live-heading" className="border-b border-slate-100 px-4 py-3 font-semibold">
            In progress <span className="font-normal text-slate-500">({live.length})</span>
          </h2>
          {live.length === 0 ? (
            <div className="p-4">
              <EmptyState title="No calls in progress">New calls appear here the moment Plivo (or the simulator) answers them.</EmptyState>
            </div>
          ) : (
            <div className="overflow-x-auto">
              <table className="w-full text-sm" data-testid="live-calls">
                <caption className="sr-only">Calls in progress</caption>
                <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
                  <tr>
                    <th scope="col" className="px-4 py-2">Caller</th>
                    <th scope="col" className="px-2 py-2">Status</th>
                    <th scope="col" className="px-2 py-2">IVR step</th>
                    <th scope="col" className="px-2 py-2">Language</th>
                    <th scope="col" className="px-2 py-2">Agent</th>
                    <th scope="col" className="px-2 py-2 text-right">In step</th>
                    <th scope="col" className="px-4 py-2 text-right">Total</th>
                    <th scope="col" className="px-4 py-2 text-right">
                      <span className="sr-only">Supervisor controls</span>
                    </th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {live.map((c) => (
                    <tr key={c.id} data-testid="live-call" data-call-uuid={c.callUuid}>
                      <td className="px-4 py-2">
                        <Link href={`/history/${c.id}`} className="font-medium text-slate-900 hover:underline">
                          {c.direction === "OUTBOUND" ? c.to : c.from}
                        </Link>
                        <span className="ml-1 text-xs text-slate-500">{c.direction === "OUTBOUND" ? "outbound" : "inbound"}</span>
                      </td>
                      <td className="px-2 py-2">
                        <StatusBadge status={c.status} kind="call" />
                      </td>
                      <td className="px-2 py-2" data-testid="call-step">{titleCase(c.step)}</td>
                      <td className="px-2 py-2">{c.language ?? <span className="text-slate-400">choosing…</span>}</td>
                      <td className="px-2 py-2" data-testid="call-agent">{c.agent?.name ?? <span className="text-slate-400">—</span>}</td>
                      <td className="px-2 py-2 text-right">
                        <Elapsed since={c.stepEnteredAt} />
                      </td>
                      <td className="px-4 py-2 text-right text-slate-500">
                        <Elapsed since={c.startedAt} />
                      </td>
                      <td className="px-4 py-2 text-right">
                        <StuckCallControls callId={c.id} agentId={c.agent?.id ?? null} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
        <section aria-labelledby="queue-heading" className={card}>
          <h2 id="queue-heading" className="border-b border-slate-100 px-4 py-3 font-semibold">
            Waiting for an agent <span className="font-normal text-slate-500">({waiting.length})</span>
          </h2>
          {waiting.length === 0 ? (
            <p className="px-4 py-6 text-center text-sm text-slate-500">Nobody is waiting.</p>
          ) : (
            <ol className="divide-y divide-slate-100" data-testid="queue">
              {waiting.map((q) => (
                <li key={q.callId} className="flex items-center justify-between px-4 py-2 text-sm">
                  <span>
                    <span className="mr-2 font-mono text-xs text-slate-500">#{q.position}</span>
                    <span className="font-medium">{q.from}</span> <span className="text-slate-500">· {q.language}</span>
                    {q.requiredSkill ? <span className="text-slate-500"> · {q.requiredSkill}</span> : null}
                    {q.priority > 0 ? (
                      <span className="ml-1 rounded bg-amber-100 px-1.5 py-0.5 text-[10px] font-bold uppercase text-amber-800" title="Priority moves the caller earlier in line; their place still ages with waiting" data-testid="caller-priority">
                        priority {q.priority}
                      </span>
                    ) : null}
                  </span>
                  <span className="text-right">
                    <Elapsed since={q.queuedAt} className="font-semibold text-orange-700" />
                    <span className="block text-xs text-slate-500" data-testid="wait-estimate">
                      {q.estimateSeconds === null ? "no estimate" : `est. ${formatWait(q.estimateSeconds)}`}
                    </span>
                  </span>
                </li>
              ))}
            </ol>
          )}
        </section>
      </div>
      <section aria-labelledby="callbacks-heading" className={card}>
        <h2 id="callbacks-heading" className="border-b border-slate-100 px-4 py-3 font-semibold">
          Callbacks <span className="font-normal text-slate-500">({callbacks.length})</span>
          <span className="ml-2 text-xs font-normal text-slate-500">callers who asked to be called back; each keeps its place in line</span>
        </h2>
        {callbacks.length === 0 ? (
          <p className="px-4 py-6 text-center text-sm text-slate-500">No callbacks waiting.</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-sm" data-testid="callbacks">
              <caption className="sr-only">Open callbacks</caption>
              <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
                <tr>
                  <th scope="col" className="px-4 py-2">Number</th>
                  <th scope="col" className="px-2 py-2">Status</th>
                  <th scope="col" className="px-2 py-2">Language</th>
                  <th scope="col" className="px-2 py-2">In line since</th>
                  <th scope="col" className="px-2 py-2">Attempts</th>
                  <th scope="col" className="px-2 py-2">Next attempt</th>
                  <th scope="col" className="px-4 py-2 text-right">
                    <span className="sr-only">Supervisor controls</span>
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {callbacks.map((c) => (
                  <tr key={c.id} data-testid="callback" data-status={c.status} data-phone={c.phone}>
                    <td className="px-4 py-2">
                      <Link href={`/history/${c.originCallId}`} className="font-medium text-slate-900 hover:underline">
                        {c.phone}
                      </Link>
                      {c.mergedRequests > 0 ? <span className="ml-1 text-xs text-slate-500">asked {c.mergedRequests + 1}×</span> : null}
                    </td>
                    <td className="px-2 py-2" data-testid="callback-status">{titleCase(c.status)}</td>
                    <td className="px-2 py-2">{c.language}</td>
                    <td className="px-2 py-2">
                      <Elapsed since={c.placeAt} />
                    </td>
                    <td className="px-2 py-2">
                      {c.attempts} / {c.maxAttempts}
                      {c.lastResult ? <span className="block text-xs text-slate-500">{c.lastResult}</span> : null}
                    </td>
                    <td className="px-2 py-2 text-xs text-slate-600">
                      {c.status === "PENDING" ? <time dateTime={c.nextAttemptAt}>{DateTime.fromISO(c.nextAttemptAt).setZone(zone).toFormat("HH:mm")}</time> : "—"}
                    </td>
                    <td className="px-4 py-2 text-right">{c.status === "PENDING" ? <CallbackControls callbackId={c.id} /> : null}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section aria-labelledby="decisions-heading" className="space-y-3">
        <h2 id="decisions-heading" className="text-lg font-semibold">
          Why this agent <span className="text-sm font-normal text-slate-500">— latest routing decisions</span>
        </h2>
        {decisions.length === 0 ? (
          <EmptyState title="No routing decisions yet">When a caller asks for an agent, the candidates and their score terms show here.</EmptyState>
        ) : (
          <div className="grid gap-3 lg:grid-cols-2">
            {decisions.map((d, i) => (
              <DecisionCard key={d.id} decision={d} open={i < 2} />
            ))}
          </div>
        )}
      </section>
    </>
  );
}

/** The estimate as the caller hears it, roughly (lib/routing/wait-estimate.ts spokenWait). */
function formatWait(seconds: number): string {
  if (seconds < 60) return "< 1 min";
  return `~${Math.round(seconds / 60)} min`;
}
