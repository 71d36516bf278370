// "Why this agent": one routing decision with every candidate's score broken into its terms.
import type { DecisionView } from "@/lib/dashboard/load-live-floor";
import { formatDateTime, formatDuration, titleCase } from "@/lib/dashboard/format";

/** `zone`: the call centre's (callCentreZone() on the server); a prop so live pages can render it in the browser. */
export function DecisionCard({ decision, open = false, zone }: { decision: DecisionView; open?: boolean; zone: string }) {
  return (
    <details className="group rounded-lg border border-slate-200 bg-white" data-testid="routing-decision" open={open}>
      <summary className="flex cursor-pointer list-none flex-wrap items-center justify-between gap-2 px-3 py-2 text-sm">
        <span>
          <span className="font-medium text-slate-900">{decision.caller}</span>{" "}
          <span className="text-slate-500">({decision.languageCode.toUpperCase()})</span> →{" "}
          {decision.chosenAgentName ? (
            <span className="font-semibold text-indigo-700">{decision.chosenAgentName}</span>
          ) : (
            <span className="font-semibold text-orange-700">{titleCase(decision.outcome)}</span>
          )}
        </span>
        <span className="text-xs text-slate-500">
          {formatDateTime(decision.createdAt, zone)} · {decision.candidateCount} available · {(decision.durationMicros / 1000).toFixed(1)} ms
          {decision.claimAttempts > 1 ? ` · ${decision.claimAttempts} claim attempts` : ""}
        </span>
        {decision.requiredSkill || decision.priority > 0 || decision.reason ? (
          <span className="flex w-full flex-wrap gap-2 text-xs" data-testid="decision-context">
            {decision.reason ? <span className="rounded bg-emerald-100 px-1.5 py-0.5 font-semibold text-emerald-800" data-testid="decision-reason">{decision.reason}</span> : null}
            {decision.requiredSkill ? <span className="text-slate-600">needs skill: <span className="font-medium">{decision.requiredSkill}</span></span> : null}
            {decision.priority > 0 ? <span className="text-slate-600">caller priority {decision.priority}</span> : null}
          </span>
        ) : null}
      </summary>
      {decision.candidates.length === 0 ? (
        <p className="border-t border-slate-100 px-3 py-2 text-xs text-slate-500">No available agent spoke this language.</p>
      ) : (
        <table className="w-full border-t border-slate-100 text-xs">
          <caption className="sr-only">Candidates considered, best score first</caption>
          <thead className="text-left text-slate-500">
            <tr>
              <th scope="col" className="px-3 py-1">#</th>
              <th scope="col" className="px-2 py-1">Agent</th>
              <th scope="col" className="px-2 py-1 text-right">Recent</th>
              <th scope="col" className="px-2 py-1 text-right">Avg dur</th>
              <th scope="col" className="px-2 py-1 text-right">Avg rating</th>
              <th scope="col" className="px-2 py-1 text-right" title="Score points subtracted while the agent's rating is uncertain">
                Explore
              </th>
              {decision.requiredSkill ? (
                <th scope="col" className="px-2 py-1 text-right" title="Proficiency (1-5) in the skill the caller needs, and the score points subtracted for it">
                  Skill
                </th>
              ) : null}
              <th scope="col" className="px-3 py-1 text-right">Score</th>
            </tr>
          </thead>
          <tbody>
            {decision.candidates.map((c) => (
              <tr key={`${c.agentId}-${c.rank}`} className={c.claimed ? "bg-indigo-50 font-medium" : undefined}>
                <td className="px-3 py-1 font-mono">{c.rank}</td>
                <td className="px-2 py-1">
                  {c.agentName}
                  {c.claimed ? <span className="ml-1 text-indigo-700">✓ chosen</span> : null}
                </td>
                <td className="px-2 py-1 text-right tabular-nums">{c.recentCalls}</td>
                <td className="px-2 py-1 text-right tabular-nums">{formatDuration(c.avgDuration)}</td>
                <td className="px-2 py-1 text-right tabular-nums">
                  {c.avgRating.toFixed(2)} <span className="text-slate-400">({c.ratingCount})</span>
                </td>
                <td className="px-2 py-1 text-right tabular-nums">{c.exploration > 0 ? `−${c.exploration.toFixed(2)}` : "—"}</td>
                {decision.requiredSkill ? (
                  <td className="px-2 py-1 text-right tabular-nums">
                    {c.proficiency ?? "—"} {c.skillPoints > 0 ? <span className="text-slate-400">(−{c.skillPoints.toFixed(2)})</span> : null}
                  </td>
                ) : null}
                <td className="px-3 py-1 text-right font-mono tabular-nums">{c.score.toFixed(2)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </details>
  );
}
