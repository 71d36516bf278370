"use client";
// Assign a voicemail to an agent; mark it done. Each shows its result next to it.
import { useActionState } from "react";
import { buttonSecondary, selectClass } from "@/components/ui-classes";
import { assignVoicemailAction, markVoicemailDoneAction, type VoicemailActionState } from "@/lib/voicemail/voicemail-actions";

function Status({ state }: { state: VoicemailActionState }) {
  return (
    <p role="status" aria-live="polite" className={`text-xs ${state.ok === false ? "text-rose-700" : "text-emerald-700"}`}>
      {state.message}
    </p>
  );
}

export function AssignVoicemailForm({ voicemailId, agents, current }: { voicemailId: string; agents: { id: string; name: string }[]; current: string | null }) {
  const [state, action, pending] = useActionState<VoicemailActionState, FormData>(assignVoicemailAction, {});
  return (
    <form action={action} className="flex items-center gap-2">
      <input type="hidden" name="voicemailId" value={voicemailId} />
      <select name="agentId" defaultValue={current ?? ""} className={`${selectClass} w-40`} aria-label="Agent">
        <option value="" disabled>
          Pick an agent
        </option>
        {agents.map((a) => (
          <option key={a.id} value={a.id}>
            {a.name}
          </option>
        ))}
      </select>
      <button type="submit" className={buttonSecondary} disabled={pending}>
        Assign
      </button>
      <Status state={state} />
    </form>
  );
}

export function MarkDoneButton({ voicemailId }: { voicemailId: string }) {
  const [state, action, pending] = useActionState<VoicemailActionState, FormData>(markVoicemailDoneAction, {});
  return (
    <form action={action} className="flex flex-col items-end gap-1">
      <input type="hidden" name="voicemailId" value={voicemailId} />
      <button type="submit" className={buttonSecondary} disabled={pending}>
        Mark done
      </button>
      <Status state={state} />
    </form>
  );
}
