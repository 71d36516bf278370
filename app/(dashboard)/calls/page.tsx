// Live calls and queue: what is happening on the floor right now, and why each caller got their agent.
import { DateTime } from "luxon";
import Link from "next/link";
import { CallbackControls } from "@/components/callback-controls";
import { Elapsed } from "@/components/elapsed";
import { CallsLive, LiveCallsSection, LiveDecisions, LiveQueueSection } from "@/components/live-calls";
import { PageHeader } from "@/components/page-header";
import { buttonPrimary, card } from "@/components/ui-classes";
import { requireSupervisor } from "@/lib/auth/require-supervisor";
import { getDb } from "@/lib/db/client";
import { titleCase } from "@/lib/dashboard/format";
import { loadLiveFloor } from "@/lib/dashboard/load-live-floor";
import { env } from "@/lib/env";
import { renderClock } from "@/lib/realtime/live-patch";

export const dynamic = "force-dynamic";

export default async function LiveCallsPage() {
  await requireSupervisor();
  const renderedAt = renderClock(); // sections patched after this (components/live-calls.tsx) show their patch
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
      <CallsLive renderedAt={renderedAt} />
      <div className="grid gap-6 lg:grid-cols-3">
        <LiveCallsSection initial={live} renderedAt={renderedAt} />
        <LiveQueueSection initial={waiting} renderedAt={renderedAt} />
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
        <LiveDecisions initial={decisions} renderedAt={renderedAt} zone={zone} />
      </section>
    </>
  );
}
