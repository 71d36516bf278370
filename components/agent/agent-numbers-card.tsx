// The agent's own numbers and their place in the routing order, with the score terms behind it.
import { card } from "@/components/ui-classes";
import type { AgentNumbers } from "@/lib/agent-workspace/agent-numbers";

const fmt = (n: number | null, digits = 1) => (n === null ? "—" : n.toFixed(digits));

export function AgentNumbersCard({ numbers }: { numbers: AgentNumbers }) {
  return (
    <aside className={`${card} space-y-4 p-5`} aria-labelledby="numbers-heading">
      <h2 id="numbers-heading" className="text-sm font-semibold text-slate-700">Your numbers</h2>
      <dl className="grid grid-cols-2 gap-3 text-sm">
        <div><dt className="text-xs text-slate-500">Calls today</dt><dd data-testid="calls-today" className="text-lg font-semibold">{numbers.callsToday}</dd></div>
        <div><dt className="text-xs text-slate-500">Avg handle time</dt><dd className="text-lg font-semibold">{numbers.avgHandleSeconds === null ? "—" : `${Math.round(numbers.avgHandleSeconds)} s`}</dd></div>
        <div><dt className="text-xs text-slate-500">Avg rating (7 d)</dt><dd className="text-lg font-semibold">{fmt(numbers.avgRating7d, 2)}</dd></div>
        <div><dt className="text-xs text-slate-500">CSAT (7 d)</dt><dd className="text-lg font-semibold">{numbers.csat7d === null ? "—" : `${Math.round(numbers.csat7d * 100)} %`}</dd></div>
      </dl>
      <div className="space-y-2">
        <h3 className="text-xs font-semibold uppercase tracking-wide text-slate-500">Why you are next</h3>
        {numbers.routing.map((r) => (
          <div key={r.language} className="rounded-md bg-slate-50 p-2 text-xs text-slate-700" data-testid={`routing-${r.language}`}>
            <p className="font-semibold">
              {r.language.toUpperCase()}: {r.rank === null ? "not in the routing order (not available)" : `#${r.rank} of ${r.of}`}
            </p>
            <p className="tabular-nums">
              score {r.terms.score.toFixed(2)} = {r.terms.recentCalls} recent calls, {Math.round(r.terms.avgDurationSeconds)} s average, rating {r.terms.avgRating.toFixed(2)} ({r.terms.ratingCount} ratings)
            </p>
          </div>
        ))}
        <p className="text-xs text-slate-500">Lower score goes first: fewer recent calls, shorter calls and better ratings.</p>
      </div>
    </aside>
  );
}
