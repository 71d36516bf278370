// Analytics panel: occupancy, wrap-up share and not-ready time per reason over the selected period.
import { card } from "./ui-classes";
import type { StateTime } from "@/lib/agent-state/state-time";

const pct = (v: number | null) => (v === null ? "—" : `${Math.round(v * 100)} %`);
const hours = (s: number) => `${(s / 3600).toFixed(1)} h`;

export function AgentStatePanel({ time }: { time: StateTime }) {
  return (
    <section className={`${card} space-y-3 p-4`} aria-labelledby="agent-time-heading" data-testid="agent-state-panel">
      <h2 id="agent-time-heading" className="font-semibold text-slate-900">Agent time</h2>
      <dl className="grid grid-cols-2 gap-4 text-sm md:grid-cols-4">
        <div><dt className="text-xs text-slate-500">Occupancy (busy / staffed)</dt><dd className="text-lg font-semibold">{pct(time.occupancy)}</dd></div>
        <div><dt className="text-xs text-slate-500">Wrap-up share</dt><dd className="text-lg font-semibold">{pct(time.wrapUpShare)}</dd></div>
        <div><dt className="text-xs text-slate-500">Not ready</dt><dd className="text-lg font-semibold">{hours(time.seconds.NOT_READY ?? 0)}</dd></div>
        <div><dt className="text-xs text-slate-500">Wrap-up</dt><dd className="text-lg font-semibold">{hours(time.seconds.WRAP_UP ?? 0)}</dd></div>
      </dl>
      {time.notReadyByReason.length > 0 ? (
        <table className="w-full text-sm">
          <caption className="sr-only">Not-ready time per reason</caption>
          <thead className="text-left text-xs uppercase text-slate-500"><tr><th scope="col">Reason</th><th scope="col" className="text-right">Time</th><th scope="col" className="text-right">Share of logged-in time</th></tr></thead>
          <tbody>
            {time.notReadyByReason.map((r) => (
              <tr key={r.reason}><td>{r.reason}</td><td className="text-right tabular-nums">{hours(r.seconds)}</td><td className="text-right tabular-nums">{pct(r.share)}</td></tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
