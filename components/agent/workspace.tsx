"use client";
// The agent's live workspace. Holds the last workspace read; re-fetches it on every signal of the agent's channel,
// on reconnect, after each own action, and once a second while a wrap-up timer runs out.
import { useCallback, useEffect, useState } from "react";
import type { Workspace as WorkspaceData } from "@/lib/agent-workspace/load-workspace";
import { useAgentChannel } from "@/lib/agent-workspace/use-agent-channel";
import type { PusherClientConfig } from "@/lib/realtime/events";
import { AgentNumbersCard } from "./agent-numbers-card";
import { DispositionForm } from "./disposition-form";
import { ScreenPopCard } from "./screen-pop-card";
import { StateControl } from "./state-control";

export function Workspace({ initial, pusher }: { initial: WorkspaceData; pusher: PusherClientConfig }) {
  const [data, setData] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const refresh = useCallback(async () => {
    const res = await fetch("/api/agent/workspace", { cache: "no-store" });
    if (res.ok) setData((await res.json()) as WorkspaceData);
  }, []);
  const connection = useAgentChannel(pusher, initial.agent.id, () => void refresh());

  const post = useCallback(
    async (path: string, body: unknown): Promise<boolean> => {
      setError(null);
      const res = await fetch(path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
      if (!res.ok) setError(((await res.json().catch(() => ({}))) as { error?: string }).error ?? "That did not work.");
      await refresh();
      return res.ok;
    },
    [refresh],
  );

  // A wrap-up ends by itself on the server (lazily); ask again once its time is up so the screen follows.
  const until = data.agent.status === "WRAP_UP" ? data.agent.wrapUpUntil : null;
  useEffect(() => {
    if (!until) return;
    const ms = new Date(until).getTime() - Date.now();
    const t = setTimeout(() => void refresh(), Math.max(0, ms) + 300);
    return () => clearTimeout(t);
  }, [until, refresh]);

  return (
    <div className="space-y-6">
      <div className="flex items-center gap-2 text-xs text-slate-500" data-testid="agent-connection" data-state={connection}>
        <span aria-hidden className={`h-2 w-2 rounded-full ${connection === "connected" ? "bg-emerald-500" : "bg-amber-500"}`} />
        {connection === "connected" ? "Live" : connection === "connecting" ? "Connecting…" : "Offline — reconnecting"}
      </div>
      {error ? (
        <p role="alert" className="rounded-md border border-rose-200 bg-rose-50 px-3 py-2 text-sm text-rose-700">
          {error}
        </p>
      ) : null}
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          <StateControl data={data} post={post} />
          <ScreenPopCard pop={data.screenPop} />
          {data.screenPop && data.screenPop.phase !== "ringing" ? (
            <DispositionForm key={data.screenPop.callId} pop={data.screenPop} codes={data.dispositionCodes} post={post} />
          ) : null}
        </div>
        <AgentNumbersCard numbers={data.numbers} />
      </div>
    </div>
  );
}
