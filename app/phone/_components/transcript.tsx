"use client";
// "What the caller hears": the transcript of the call, and any protocol errors with the response that caused them.
import { card } from "@/components/ui-classes";
import type { CallResult } from "@/lib/simulator/simulate-call";
import { clockText } from "./call-events";
import type { CallState } from "./use-phone-call";

export function Transcript({ transcript, result }: { transcript: CallState["transcript"]; result: CallResult | null }) {
  return (
    <section className={`${card} p-5`} aria-labelledby="transcript-title">
      <h2 id="transcript-title" className="mb-3 text-lg font-semibold">
        What the caller hears
      </h2>
      {transcript.length === 0 ? <p className="text-sm text-slate-500">Nothing yet. Place a call.</p> : null}
      <ol data-testid="transcript" aria-label="Transcript" className="space-y-2">
        {transcript.map((line) => (
          <li
            key={line.id}
            data-kind={line.kind}
            role={line.kind === "error" ? "alert" : undefined}
            className={`rounded-md px-3 py-2 text-sm ${line.kind === "speak" ? "bg-indigo-50 text-indigo-950" : line.kind === "error" ? "bg-rose-50 text-rose-900" : "bg-slate-50 text-slate-700"}`}
          >
            <span className="mr-2 font-mono text-xs text-slate-400">{clockText(line.at / 1000)}</span>
            {line.lang ? (
              <span className="mr-2 rounded bg-white px-1.5 py-0.5 font-mono text-xs text-indigo-700" lang={line.lang}>
                {line.lang}
              </span>
            ) : null}
            <span lang={line.lang}>{line.text}</span>
          </li>
        ))}
      </ol>
      {result && result.errors.length > 0 ? (
        <div className="mt-4 space-y-2" data-testid="protocol-errors">
          <h3 className="text-sm font-semibold text-rose-800">Protocol errors</h3>
          {result.errors.map((err, i) => {
            const j = err.toJSON();
            return (
              <details key={i} open className="rounded-md border border-rose-200 p-2 text-xs">
                <summary>
                  {j.kind}: {j.message}
                </summary>
                {j.response ? <pre className="mt-2 overflow-x-auto whitespace-pre-wrap text-rose-900">{`HTTP ${j.response.status}\n${j.response.body}`}</pre> : null}
              </details>
            );
          })}
        </div>
      ) : null}
    </section>
  );
}
