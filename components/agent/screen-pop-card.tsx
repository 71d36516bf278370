// Who is calling: number, language, IVR path, wait, and their history with us.
import { card } from "@/components/ui-classes";
import type { ScreenPop } from "@/lib/agent-workspace/screen-pop";

const PHASE: Record<ScreenPop["phase"], string> = { ringing: "Ringing", "on-call": "On the call", "wrap-up": "Last call" };

export function ScreenPopCard({ pop }: { pop: ScreenPop | null }) {
  if (!pop) {
    return (
      <section className={`${card} p-5 text-sm text-slate-500`} data-testid="screen-pop" data-empty="true">
        No caller right now. Their details appear here the moment your phone rings.
      </section>
    );
  }
  const h = pop.history;
  return (
    <section className={`${card} space-y-3 p-5`} data-testid="screen-pop" data-phase={pop.phase} aria-labelledby="pop-heading">
      <div className="flex items-baseline gap-3">
        <h2 id="pop-heading" className="text-sm font-semibold text-slate-700">{PHASE[pop.phase]}</h2>
        <span className="text-lg font-bold tabular-nums text-slate-900" data-testid="pop-from">{pop.from}</span>
      </div>
      <dl className="grid grid-cols-2 gap-x-6 gap-y-2 text-sm sm:grid-cols-4">
        <div><dt className="text-xs text-slate-500">Language</dt><dd data-testid="pop-language">{pop.language ?? "—"}</dd></div>
        <div><dt className="text-xs text-slate-500">Waited</dt><dd>{pop.waitedSeconds === null ? "—" : `${pop.waitedSeconds} s`}</dd></div>
        <div><dt className="text-xs text-slate-500">Previous calls</dt><dd data-testid="pop-previous">{h.previousCalls}</dd></div>
        <div><dt className="text-xs text-slate-500">Last rating</dt><dd>{h.lastRating ?? "—"}</dd></div>
      </dl>
      <p className="text-sm text-slate-700"><span className="text-xs text-slate-500">Menu path: </span>{pop.ivrPath.join(" → ") || "—"}</p>
      {h.previousCalls > 0 ? (
        <div className="text-sm" data-testid="pop-history">
          <p className="text-xs text-slate-500">
            Last agent: {h.lastAgent ?? "—"}
            {h.lastDisposition ? ` · last disposition: ${h.lastDisposition.label}${h.lastDisposition.notes ? ` — “${h.lastDisposition.notes}”` : ""}` : ""}
          </p>
          <ul className="mt-1 divide-y divide-slate-100">
            {h.recent.map((c) => (
              <li key={c.callId} className="flex flex-wrap gap-x-4 py-1 text-xs text-slate-600">
                <time dateTime={c.at} suppressHydrationWarning>{new Date(c.at).toLocaleString()}</time>
                <span>{c.agent ?? "no agent"}</span>
                <span>{c.rating ? `rated ${c.rating}` : "no rating"}</span>
                {c.disposition ? <span>{c.disposition}{c.notes ? `: ${c.notes}` : ""}</span> : null}
              </li>
            ))}
          </ul>
        </div>
      ) : (
        <p className="text-xs text-slate-500">First call from this number.</p>
      )}
    </section>
  );
}
