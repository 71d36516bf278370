"use client";
// Remove with a confirmation; a busy agent is refused by the server and the reason is shown inline.
import { useActionState } from "react";
import { removeAgentAction, type AgentActionState } from "@/lib/agents/agent-actions";
import { buttonDanger } from "./ui-classes";

export function RemoveAgentButton({ agentId, name }: { agentId: string; name: string }) {
  const [state, action, pending] = useActionState<AgentActionState, FormData>(removeAgentAction, {});
  return (
    <form
      action={action}
      className="flex flex-col items-end gap-1"
      onSubmit={(e) => {
        if (!window.confirm(`Remove ${name}? Their past calls stay in history.`)) e.preventDefault();
      }}
    >
      <input type="hidden" name="agentId" value={agentId} />
      <button type="submit" className={buttonDanger} disabled={pending} aria-label={`Remove ${name}`}>
        Remove
      </button>
      <p role="status" aria-live="polite" className={`max-w-64 text-right text-xs ${state.ok === false ? "text-rose-700" : "text-emerald-700"}`}>
        {state.message}
      </p>
    </form>
  );
}
