"use client";
// The live-calls page's live parts (#13 item 6): calls in progress, the queue, the latest routing decisions
// and the open callbacks show the page's render patched by partial re-fetches (GET /api/live/calls,
// lib/realtime/live-patch.ts) read after it: a call's signal re-reads that call (new ones join in start order,
// ended ones leave) and the callbacks, a queue signal the queue, an assignment the decisions. A signal that names
// no call brings the page's full refresh (LiveSync, at most once per the page's interval).
import { DateTime } from "luxon";
import Link from "next/link";
import { useEffect } from "react";
import { CallbackControls } from "./callback-controls";
import { DecisionCard } from "./decision-card";
import { Elapsed } from "./elapsed";
import { EmptyState } from "./empty-state";
import { StatusBadge } from "./status-badge";
import { StuckCallControls } from "./stuck-call-controls";
import { card } from "./ui-classes";
import { titleCase } from "@/lib/dashboard/format";
import type { CallbackView, DecisionView, LiveCall, QueuedCaller } from "@/lib/dashboard/load-live-floor";
import { callsPatchSearch, callsPlan } from "@/lib/realtime/live-patch";
import type { CallsPatch } from "@/lib/realtime/load-calls-patch";
import { createPatchStore, usePatchStore } from "@/lib/realtime/patch-store";
import { fetchPatch, useLiveView } from "@/lib/realtime/use-live-view";

const calls = createPatchStore<LiveCall | null>(); // null: the call ended
const lists = createPatchStore<QueuedCaller[] | CallbackView[] | DecisionView[]>(); // "queue", "callbacks", "decisions"

async function fetchCalls(keys: ReadonlySet<string>) {
  const search = callsPatchSearch(keys);
  if (!search) return;
  const patch = await fetchPatch<CallsPatch>("/api/live/calls", search);
  calls.set(patch.calls.map((c) => [c.id, "gone" in c ? null : c]), patch.asOf);
  const changed: Array<[string, QueuedCaller[] | CallbackView[] | DecisionView[]]> = [];
  if (patch.queue) changed.push(["queue", patch.queue]);
  if (patch.callbacks) changed.push(["callbacks", patch.callbacks]);
  if (patch.decisions) changed.push(["decisions", patch.decisions]);
  lists.set(changed, patch.asOf);
}

/** Mounted once by the live-calls page: subscribes its sections to the floor's signals. */
export function CallsLive({ renderedAt }: { renderedAt: number }) {
  useLiveView(callsPlan, fetchCalls);
  useEffect(() => {
    calls.prune(renderedAt);
    lists.prune(renderedAt);
  }, [renderedAt]);
  return null;
}

/** The rendered calls with every newer patch applied: updated in place, ended ones dropped, new ones in start order. */
export function mergeLiveCalls(rendered: LiveCall[], renderedAt: number, patches: ReadonlyMap<string, { value: LiveCall | null; asOf: number }>): LiveCall[] {
  const byId = new Map(rendered.map((c) => [c.id, c] as [string, LiveCall | null]));
  for (const [id, p] of patches) if (p.asOf > renderedAt) byId.set(id, p.value);
  return [...byId.values()].filter((c): c is LiveCall => c !== null).sort((a, b) => a.startedAt.localeCompare(b.startedAt) || a.id.localeCompare(b.id));
}

function newerList<T>(rendered: T[], renderedAt: number, key: string, snapshot: ReadonlyMap<string, { value: unknown; asOf: number }>): T[] {
  const p = snapshot.get(key);
  return p && p.asOf > renderedAt ? (p.value as T[]) : rendered;
}

export function LiveCallsSection({ initial, renderedAt }: { initial: LiveCall[]; renderedAt: number }) {
  const live = mergeLiveCalls(initial, renderedAt, usePatchStore(calls));
  return (
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
  );
}

/** The estimate as the caller hears it, roughly (lib/routing/wait-estimate.ts spokenWait). */
function formatWait(seconds: number): string {
  if (seconds < 60) return "< 1 min";
  return `~${Math.round(seconds / 60)} min`;
}

export function LiveQueueSection({ initial, renderedAt }: { initial: QueuedCaller[]; renderedAt: number }) {
  const waiting = newerList(initial, renderedAt, "queue", usePatchStore(lists));
  return (
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
  );
}

export function LiveDecisions({ initial, renderedAt, zone }: { initial: DecisionView[]; renderedAt: number; zone: string }) {
  const decisions = newerList(initial, renderedAt, "decisions", usePatchStore(lists));
  return decisions.length === 0 ? (
    <EmptyState title="No routing decisions yet">When a caller asks for an agent, the candidates and their score terms show here.</EmptyState>
  ) : (
    <div className="grid gap-3 lg:grid-cols-2">
      {decisions.map((d, i) => (
        <DecisionCard key={d.id} decision={d} open={i < 2} zone={zone} />
      ))}
    </div>
  );
}

export function LiveCallbacksSection({ initial, renderedAt, zone }: { initial: CallbackView[]; renderedAt: number; zone: string }) {
  const callbacks = newerList(initial, renderedAt, "callbacks", usePatchStore(lists));
  return (
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
  );
}
