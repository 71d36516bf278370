"use client";
// The seeded floor, live: re-fetches the server-rendered list whenever an agent changes.
import { useRouter } from "next/navigation";
import { ConnectionIndicator } from "@/components/connection-indicator";
import type { AgentRow } from "@/lib/agents/list-agents";
import type { PusherClientConfig } from "@/lib/realtime/events";
import { useFloorChannel } from "@/lib/realtime/use-floor-channel";

const STATUS_STYLE: Record<string, string> = {
  AVAILABLE: "bg-emerald-100 text-emerald-800",
  BUSY: "bg-amber-100 text-amber-800",
  AWAY: "bg-slate-200 text-slate-700",
  OFFLINE: "bg-slate-100 text-slate-500",
};

export function LiveAgentList({ agents, pusher, seq }: { agents: AgentRow[]; pusher: PusherClientConfig; seq: number }) {
  const router = useRouter();
  const state = useFloorChannel(pusher, seq, () => router.refresh(), () => router.refresh());
  return (
    <section aria-labelledby="agents-heading" className="space-y-4">
      <div className="flex items-center justify-between">
        <h2 id="agents-heading" className="text-lg font-semibold">
          Agents <span className="text-slate-500">({agents.length})</span>
        </h2>
        <ConnectionIndicator state={state} />
      </div>
      <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white" data-testid="agent-list">
        {agents.map((a) => (
          <li key={a.id} className="flex items-center justify-between gap-4 px-4 py-3" data-testid="agent-row" data-agent-id={a.id}>
            <div>
              <p className="font-medium">{a.name}</p>
              <p className="font-mono text-xs text-slate-500">
                {a.phone} · {a.languages.map((l) => l.toUpperCase()).join(", ")}
              </p>
            </div>
            <div className="flex items-center gap-4 text-sm text-slate-600">
              <span>{a.totalCalls} calls</span>
              <span>{a.avgRating === null ? "no ratings" : `★ ${a.avgRating.toFixed(2)}`}</span>
              <span className={`rounded px-2 py-0.5 text-xs font-semibold ${STATUS_STYLE[a.status] ?? ""}`} data-testid="agent-status">
                {a.status.toLowerCase()}
              </span>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
