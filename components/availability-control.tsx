"use client";
// Set an agent's availability from the board. A busy agent's status belongs to routing, so the control is
// replaced by a note; an agent sent AWAY after missed calls gets a one-click "bring back".
import { useActionState } from "react";
import { setAvailabilityAction, type AgentActionState } from "@/lib/agents/agent-actions";
import { buttonSecondary, selectClass } from "./ui-classes";

export function AvailabilityControl({ agentId, name, status }: { agentId: string; name: string; status: string }) {
  const [state, action, pending] = useActionState<AgentActionState, FormData>(setAvailabilityAction, {});
  if (status === "BUSY") return <span className="text-xs text-slate-500">on a call</span>;
  return (
    <div className="flex flex-col items-end gap-1">
      {status === "AWAY" ? (
        <form action={action}>
          <input type="hidden" name="agentId" value={agentId} />
          <input type="hidden" name="status" value="AVAILABLE" />
          <button type="submit" className={buttonSecondary} disabled={pending} aria-label={`Bring ${name} back from away`}>
            Bring back
          </button>
        </form>
      ) : (
        <form action={action} className="flex items-center gap-1">
          <input type="hidden" name="agentId" value={agentId} />
          <label className="sr-only" htmlFor={`avail-${agentId}-${status}`}>
            Availability for {name}
          </label>
          <select
            id={`avail-${agentId}-${status}`}
            name="status"
            defaultValue={status}
            className={`${selectClass} w-32 py-1 text-xs`}
            disabled={pending}
            onChange={(e) => e.currentTarget.form?.requestSubmit()}
          >
            <option value="AVAILABLE">Available</option>
            <option value="AWAY">Away</option>
            <option value="OFFLINE">Offline</option>
          </select>
        </form>
      )}
      <p role="status" aria-live="polite" className={`max-w-48 text-xs ${state.ok === false ? "text-rose-700" : "text-slate-500"}`}>
        {state.ok === false ? state.message : null}
      </p>
    </div>
  );
}
