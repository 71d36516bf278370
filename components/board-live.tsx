"use client";
// The agent board's live parts (#13 item 6): each row, the state counts and "next up" show the page's render until
// a partial re-fetch (GET /api/live/board, lib/realtime/live-patch.ts) read after it brings that agent's row or
// the counts. A signal for an agent re-reads that agent only if this page shows it; ranks and order come with
// the page's full refresh, which LiveSync runs at most once per the board's interval (live-sync-policy.ts).
import { useEffect } from "react";
import { AvailabilityControl } from "./availability-control";
import { Elapsed } from "./elapsed";
import { StatusBadge } from "./status-badge";
import { formatDuration, titleCase } from "@/lib/dashboard/format";
import { mergeRow, type BoardPatch, type BoardRowData } from "@/lib/realtime/board-row";
import type { Coalescer } from "@/lib/realtime/coalescer";
import { boardPatchSearch, boardPlan, type BoardView } from "@/lib/realtime/live-patch";
import { createPatchStore, usePatchStore } from "@/lib/realtime/patch-store";
import { fetchPatch, useLiveView } from "@/lib/realtime/use-live-view";
import { SKILL_LABELS, type Skill } from "@/lib/routing/skills";

type Counts = NonNullable<BoardPatch["counts"]>;
const rows = createPatchStore<BoardRowData | null>(); // null: the agent was removed
const counts = createPatchStore<Counts>();
/** The agents this page shows, with the call each is on (a call's step change re-reads its agent's row). */
const shown = new Map<string, string | null>();
const view: BoardView = {
  hasAgent: (id) => shown.has(id),
  agentOnCall: (callId) => [...shown].find(([, c]) => c === callId)?.[0],
};
let coalescer: Coalescer | null = null;

/** Stores a partial re-fetch's rows and counts for the components below. */
export function applyBoardPatch(patch: BoardPatch) {
  rows.set(patch.agents.map((a) => [a.id, "gone" in a ? null : a]), patch.asOf);
  if (patch.counts) counts.set([["all", patch.counts]], patch.asOf);
}

async function fetchBoard(keys: ReadonlySet<string>) {
  const search = boardPatchSearch(keys);
  if (search) applyBoardPatch(await fetchPatch<BoardPatch>("/api/live/board", search));
}

/** Mounted once by the board page: subscribes the page's rows to the floor's signals. */
export function BoardLive({ renderedAt }: { renderedAt: number }) {
  useLiveView((name, signal) => boardPlan(name, signal, view), fetchBoard, (c) => (coalescer = c));
  useEffect(() => {
    rows.prune(renderedAt);
    counts.prune(renderedAt);
  }, [renderedAt]);
  return null;
}

export function LiveCounts({ counts: rendered, scope, renderedAt, states, testId }: { counts: Record<string, number>; scope: string | null; renderedAt: number; states: readonly string[]; testId: string }) {
  const patch = usePatchStore(counts).get("all");
  const shownCounts = patch && patch.asOf > renderedAt ? (scope === null ? patch.value.floor : (patch.value.byLanguage[scope] ?? {})) : rendered;
  return (
    <ul className="flex flex-wrap gap-x-3 gap-y-1 text-xs text-slate-600" data-testid={testId}>
      {states.map((s) => (
        <li key={s} data-state={s}>
          {titleCase(s)} <span className="font-semibold tabular-nums text-slate-900">{shownCounts[s] ?? 0}</span>
        </li>
      ))}
    </ul>
  );
}

/** "Next up" from the render, unless that agent has since left AVAILABLE (the next refresh names the new one). */
export function NextUp({ agent, renderedAt }: { agent: { id: string; name: string } | null; renderedAt: number }) {
  const patch = usePatchStore(rows).get(agent?.id ?? "");
  const left = patch && patch.asOf > renderedAt && patch.value?.status !== "AVAILABLE";
  if (!agent) return <span className="text-rose-700">nobody available</span>;
  if (left) return <span className="text-slate-500">updating…</span>;
  return <span className="font-semibold text-indigo-700">{agent.name}</span>;
}

function Terms({ row }: { row: BoardRowData }) {
  const t = row.terms;
  return (
    <dl className="mt-0.5 flex flex-wrap gap-x-3 text-xs text-slate-500" data-testid="score-terms">
      <div className="flex gap-1">
        <dt>recent</dt>
        <dd className="font-medium text-slate-700 tabular-nums">{t.recentCalls}</dd>
      </div>
      <div className="flex gap-1">
        <dt>avg dur</dt>
        <dd className="font-medium text-slate-700 tabular-nums">{formatDuration(t.avgDurationSeconds)}</dd>
      </div>
      <div className="flex gap-1">
        <dt>avg rating</dt>
        <dd className="font-medium text-slate-700 tabular-nums">
          {t.avgRating.toFixed(2)} <span className="text-slate-400">({t.ratingCount})</span>
        </dd>
      </div>
      {t.exploration ? (
        <div className="flex gap-1" title="Score points subtracted while the agent's rating is uncertain">
          <dt>explore</dt>
          <dd className="font-medium text-slate-700 tabular-nums">−{t.exploration.toFixed(2)}</dd>
        </div>
      ) : null}
      {row.skills.length > 0 ? (
        <div className="flex gap-1" title="Skills with proficiency 1-5: a caller needing one scores the agent ROUTING_WEIGHT_SKILL × proficiency better" data-testid="agent-skills">
          <dt>skills</dt>
          <dd className="font-medium text-slate-700">{row.skills.map((k) => `${SKILL_LABELS[k.skill as Skill] ?? k.skill} ${k.proficiency}`).join(", ")}</dd>
        </div>
      ) : null}
    </dl>
  );
}

export function BoardRow(props: { row: BoardRowData; renderedAt: number; nextUp: boolean; reasons: Array<{ code: string; label: string }> }) {
  const patch = usePatchStore(rows).get(props.row.id);
  const fresh = patch && patch.asOf > props.renderedAt ? patch : undefined;
  const row = mergeRow(props.row, props.renderedAt, fresh?.value ? { row: fresh.value, asOf: fresh.asOf } : undefined);
  const callId = row.currentCall?.id ?? null;
  useEffect(() => {
    shown.set(row.id, callId);
    return () => {
      shown.delete(row.id);
    };
  }, [row.id, callId]);
  // Wrap-ups end lazily on the server (no signal announces it): re-read this row when its wrap-up runs out.
  const wrapUpEnd = row.status === "WRAP_UP" && row.wrapUpUntil ? Date.parse(row.wrapUpUntil) : null;
  useEffect(() => {
    if (wrapUpEnd === null) return;
    const t = setTimeout(() => coalescer?.add([`agent:${row.id}`]), Math.max(0, wrapUpEnd - Date.now()) + 300);
    return () => clearTimeout(t);
  }, [wrapUpEnd, row.id]);
  if (fresh && fresh.value === null) return null;
  const nextUp = props.nextUp && row.status === "AVAILABLE";
  return (
    <tr data-testid="agent-row" data-agent-id={row.id} className={nextUp ? "bg-indigo-50/50" : undefined}>
      <td className="px-4 py-2 align-top font-mono text-xs text-slate-500" title={row.rank === undefined ? "Rank updates with the next refresh" : undefined}>
        {row.rank === undefined ? "…" : (row.rank ?? "–")}
      </td>
      <td className="px-2 py-2 align-top">
        <div className="flex flex-wrap items-center gap-2">
          <span className="font-medium text-slate-900">{row.name}</span>
          {nextUp ? <span className="rounded bg-indigo-600 px-1.5 py-0.5 text-[10px] font-bold uppercase text-white">next up</span> : null}
          {row.coachingFlag ? (
            <span className="rounded bg-rose-100 px-1.5 py-0.5 text-[10px] font-bold uppercase text-rose-700" title="Average rating below the coaching threshold" data-testid="coaching-flag">
              coaching
            </span>
          ) : null}
        </div>
        <Terms row={row} />
        {row.currentCall ? (
          <p className="mt-0.5 text-xs text-amber-800">
            On call with {row.currentCall.from} · {titleCase(row.currentCall.step)}
          </p>
        ) : null}
      </td>
      <td className="px-2 py-2 align-top">
        <StatusBadge status={row.status} testId="agent-status" />
        {row.reason ? <p className="mt-0.5 text-xs text-violet-700" data-testid="agent-reason">{row.reason}</p> : null}
        {row.stateSince ? (
          <p className="mt-0.5 text-xs text-slate-500" data-testid="agent-state-since">
            for <Elapsed since={row.stateSince} />
          </p>
        ) : null}
      </td>
      <td className="px-2 py-2 text-right align-top font-mono font-semibold tabular-nums" data-testid="agent-score">
        {row.terms.score.toFixed(2)}
      </td>
      <td className="px-2 py-2 text-right align-top tabular-nums" data-testid="calls-today">
        {row.callsToday}
      </td>
      <td className="px-4 py-2 text-right align-top">
        <AvailabilityControl agentId={row.id} name={row.name} status={row.status} reasons={props.reasons} />
      </td>
    </tr>
  );
}
