"use client";
// The agent's own state: current state, reason and time in it; Ready / Not ready (reason) / Offline; during wrap-up
// the time left with Ready and Extend.
import { useState } from "react";
import { Elapsed } from "@/components/elapsed";
import { StatusBadge } from "@/components/status-badge";
import { buttonPrimary, buttonSecondary, card, selectClass } from "@/components/ui-classes";
import type { Workspace } from "@/lib/agent-workspace/load-workspace";
import { Countdown } from "./countdown";

type Post = (path: string, body: unknown) => Promise<boolean>;

export function StateControl({ data, post }: { data: Workspace; post: Post }) {
  const { agent, reasons } = data;
  const [reason, setReason] = useState(reasons[0]?.code ?? "");
  const [pending, setPending] = useState(false);
  const run = async (path: string, body: unknown) => {
    setPending(true);
    await post(path, body);
    setPending(false);
  };
  const busy = agent.status === "BUSY";
  return (
    <section className={`${card} space-y-4 p-5`} aria-labelledby="state-heading">
      <div className="flex flex-wrap items-center gap-3">
        <h2 id="state-heading" className="text-sm font-semibold text-slate-700">Your state</h2>
        <StatusBadge status={agent.status} testId="my-state" />
        {agent.reason ? <span data-testid="my-reason" className="text-sm text-slate-700">{agent.reason.label}</span> : null}
        <span className="text-sm text-slate-500">
          for <Elapsed since={agent.stateSince} />
        </span>
      </div>
      {agent.status === "WRAP_UP" && agent.wrapUpUntil ? (
        <div className="flex flex-wrap items-center gap-3 rounded-md bg-sky-50 px-3 py-2" data-testid="wrap-up">
          <span className="text-sm text-sky-900">
            Wrap-up ends in <Countdown until={agent.wrapUpUntil} />
          </span>
          <button type="button" className={buttonPrimary} disabled={pending} onClick={() => run("/api/agent/state", { status: "AVAILABLE" })}>
            Ready
          </button>
          <button type="button" className={buttonSecondary} disabled={pending || agent.wrapUpExtended} onClick={() => run("/api/agent/wrap-up", {})}>
            {agent.wrapUpExtended ? "Extended" : "Extend"}
          </button>
        </div>
      ) : null}
      {busy ? (
        <p className="text-sm text-slate-600">On a call: your state changes when it ends.</p>
      ) : (
        <div className="flex flex-wrap items-end gap-3">
          {agent.status !== "AVAILABLE" && agent.status !== "WRAP_UP" ? (
            <button type="button" className={buttonPrimary} disabled={pending} onClick={() => run("/api/agent/state", { status: "AVAILABLE" })}>
              Go available
            </button>
          ) : null}
          <div className="flex items-end gap-2">
            <div>
              <label htmlFor="not-ready-reason" className="block text-xs text-slate-600">Reason</label>
              <select id="not-ready-reason" className={`${selectClass} w-40 py-1.5`} value={reason} onChange={(e) => setReason(e.target.value)}>
                {reasons.map((r) => (
                  <option key={r.code} value={r.code}>{r.label}</option>
                ))}
              </select>
            </div>
            <button type="button" className={buttonSecondary} disabled={pending || !reason} onClick={() => run("/api/agent/state", { status: "NOT_READY", reason })}>
              Not ready
            </button>
          </div>
          {agent.status !== "OFFLINE" ? (
            <button type="button" className={buttonSecondary} disabled={pending} onClick={() => run("/api/agent/state", { status: "OFFLINE" })}>
              Go offline
            </button>
          ) : null}
        </div>
      )}
    </section>
  );
}
