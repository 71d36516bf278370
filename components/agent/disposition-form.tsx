"use client";
// Disposition and notes for the call on screen (during the call or its wrap-up); saving again edits them.
import { useState } from "react";
import { buttonPrimary, card, inputClass, selectClass } from "@/components/ui-classes";
import type { ScreenPop } from "@/lib/agent-workspace/screen-pop";

type Post = (path: string, body: unknown) => Promise<boolean>;

export function DispositionForm({ pop, codes, post }: { pop: ScreenPop; codes: Array<{ code: string; label: string }>; post: Post }) {
  const [code, setCode] = useState(pop.disposition?.code ?? codes[0]?.code ?? "");
  const [notes, setNotes] = useState(pop.disposition?.notes ?? "");
  const [saved, setSaved] = useState(Boolean(pop.disposition));
  const [pending, setPending] = useState(false);
  return (
    <form
      className={`${card} space-y-3 p-5`}
      aria-labelledby="disposition-heading"
      onSubmit={async (e) => {
        e.preventDefault();
        setPending(true);
        setSaved(await post("/api/agent/disposition", { callId: pop.callId, code, notes }));
        setPending(false);
      }}
    >
      <h2 id="disposition-heading" className="text-sm font-semibold text-slate-700">Disposition</h2>
      <div className="grid gap-3 sm:grid-cols-3">
        <div>
          <label htmlFor="disposition-code" className="block text-xs text-slate-600">Outcome</label>
          <select id="disposition-code" className={selectClass} value={code} onChange={(e) => (setCode(e.target.value), setSaved(false))}>
            {codes.map((c) => (
              <option key={c.code} value={c.code}>{c.label}</option>
            ))}
          </select>
        </div>
        <div className="sm:col-span-2">
          <label htmlFor="disposition-notes" className="block text-xs text-slate-600">Notes</label>
          <textarea id="disposition-notes" className={inputClass} rows={2} maxLength={2000} value={notes} onChange={(e) => (setNotes(e.target.value), setSaved(false))} />
        </div>
      </div>
      <div className="flex items-center gap-3">
        <button type="submit" className={buttonPrimary} disabled={pending || !code}>Save disposition</button>
        <span role="status" className="text-sm text-emerald-700">{saved ? "Saved" : ""}</span>
      </div>
    </form>
  );
}
