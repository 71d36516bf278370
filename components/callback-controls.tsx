"use client";
// Cancel / reschedule one pending callback on the live page (#18).
import { useActionState } from "react";
import { cancelCallbackAction, rescheduleCallbackAction, type CallbackControlState } from "@/lib/routing/callbacks/callback-actions";
import { buttonDanger, buttonSecondary } from "./ui-classes";

function Status({ state }: { state: CallbackControlState }) {
  return (
    <p role="status" aria-live="polite" className={`text-xs ${state.ok === false ? "text-rose-700" : "text-emerald-700"}`}>
      {state.message}
    </p>
  );
}

export function CallbackControls({ callbackId }: { callbackId: string }) {
  const [cancelState, cancel, cancelling] = useActionState<CallbackControlState, FormData>(cancelCallbackAction, {});
  const [moveState, move, moving] = useActionState<CallbackControlState, FormData>(rescheduleCallbackAction, {});
  return (
    <div className="flex flex-col items-end gap-1" data-testid="callback-controls">
      <form action={move} className="flex gap-1">
        <input type="hidden" name="callbackId" value={callbackId} />
        <input type="datetime-local" name="at" required aria-label="Next attempt at" className="rounded border border-slate-300 px-1 text-xs" />
        <button type="submit" className={buttonSecondary} disabled={moving}>
          Reschedule
        </button>
      </form>
      <Status state={moveState} />
      <form action={cancel}>
        <input type="hidden" name="callbackId" value={callbackId} />
        <button type="submit" className={buttonDanger} disabled={cancelling}>
          Cancel callback
        </button>
      </form>
      <Status state={cancelState} />
    </div>
  );
}
