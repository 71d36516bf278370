"use client";
// A supervisor forces an agent's state from the board: available, not ready with a reason, or offline (audited in
// the agent's state history). A busy agent's state belongs to routing, so the control is replaced by a note.
import { useActionState } from "react";
import { setAvailabilityAction, type AgentActionState } from "@/lib/agents/agent-actions";
import { selectClass } from "./ui-classes";

type Reason = { code: string; label: string };

export function AvailabilityControl({ agentId, name, status, reasons }: { agentId: string; name: string; status: string; reasons: Reason[] }) {
  const [state, action, pending] = useActionState<AgentActionState, FormData>(setAvailabilityAction, {});
  if (status === "BUSY") return <span className="text-xs text-slate-500">on a call</span>;
  const current = status === "AVAILABLE" || status === "OFFLINE" ? status : "";
  return (
    <div className="flex flex-col items-end gap-1">
      <form action={action} className="flex items-center gap-1">
        <input type="hidden" name="agentId" value={agentId} />
        <label className="sr-only" htmlFor={`avail-${agentId}-${status}`}>
          Set state for {name}
        </label>
        <select
          id={`avail-${agentId}-${status}`}
          name="status"
          defaultValue={current}
          className={`${selectClass} w-40 py-1 text-xs`}
          disabled={pending}
          onChange={(e) => e.currentTarget.form?.requestSubmit()}
        >
          <option value="" disabled>
            Set state…
          </option>
          <option value="AVAILABLE">Available</option>
          {reasons.map((r) => (
            <option key={r.code} value={`NOT_READY:${r.code}`}>
              Not ready: {r.label}
            </option>
          ))}
          <option value="OFFLINE">Offline</option>
        </select>
      </form>
      <p role="status" aria-live="polite" className={`max-w-48 text-xs ${state.ok === false ? "text-rose-700" : "text-slate-500"}`}>
        {state.ok === false ? state.message : null}
      </p>
    </div>
  );
}
