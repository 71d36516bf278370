"use client";
// "Release agent" / "End call" for a stuck call on the live-calls page: a reason is required and goes, with the
// signed-in supervisor, into the call's timeline.
import { useActionState } from "react";
import { endCallAction, forceReleaseAgentAction, type ControlState } from "@/lib/routing/supervisor-actions";
import { buttonDanger } from "./ui-classes";

function ControlForm(props: { label: string; name: "agentId" | "callId"; id: string; action: (s: ControlState, f: FormData) => Promise<ControlState> }) {
  const [state, action, pending] = useActionState<ControlState, FormData>(props.action, {});
  return (
    <form action={action} className="flex flex-col items-end gap-1">
      <input type="hidden" name={props.name} value={props.id} />
      <div className="flex gap-1">
        <input name="reason" required minLength={3} maxLength={200} placeholder="Why?" aria-label={`Reason to ${props.label.toLowerCase()}`} className="w-28 rounded border border-slate-300 px-1 text-xs" />
        <button type="submit" className={buttonDanger} disabled={pending}>
          {props.label}
        </button>
      </div>
      <p role="status" aria-live="polite" className={`text-xs ${state.ok === false ? "text-rose-700" : "text-emerald-700"}`}>
        {state.message}
      </p>
    </form>
  );
}

export function StuckCallControls({ callId, agentId }: { callId: string; agentId: string | null }) {
  return (
    <div className="flex flex-col items-end gap-1" data-testid="stuck-call-controls">
      {agentId ? <ControlForm label="Release agent" name="agentId" id={agentId} action={forceReleaseAgentAction} /> : null}
      <ControlForm label="End call" name="callId" id={callId} action={endCallAction} />
    </div>
  );
}
