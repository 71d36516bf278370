"use client";
// The keypad and what the IVR is listening for: keys work only while a prompt listens, as on a real call.
import type { Listening } from "./call-events";
import { LEVEL_LABEL } from "./call-events";

const KEYS = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "0", "#"] as const;
const KEY_TESTID: Record<string, string> = { "*": "key-star", "#": "key-hash" };

export function Keypad({ listening, promptSeq, inCall, press }: { listening: Listening | null; promptSeq: number; inCall: boolean; press: (key: string) => void }) {
  return (
    <>
      <p
        data-testid="prompt-state"
        data-listening={listening ? "true" : "false"}
        data-prompt-seq={listening?.seq ?? promptSeq}
        data-level={listening?.level ?? ""}
        data-awaiting={listening?.awaiting ? "true" : "false"}
        className={`rounded-md px-3 py-2 text-sm ${listening ? "bg-emerald-50 font-medium text-emerald-900" : "bg-slate-50 text-slate-500"}`}
      >
        {listening
          ? `${listening.awaiting ? "Your turn, press a key" : "Prompt playing, a key cuts it short"}: ${LEVEL_LABEL[listening.level] ?? listening.level}, valid ${[...listening.validDigits].join(" ")} (${listening.timeoutSeconds}s timeout${listening.of > 1 ? `, try ${listening.attempt} of ${listening.of}` : ""})`
          : inCall
            ? "Not listening for keys (keys pressed now are dropped, as on a real call)"
            : "Keys work during a call"}
      </p>

      <div role="group" aria-label="Keypad" className="grid grid-cols-3 gap-2">
        {KEYS.map((k) => (
          <button
            key={k}
            type="button"
            data-testid={KEY_TESTID[k] ?? `key-${k}`}
            className="rounded-lg border border-slate-300 bg-white py-3 text-lg font-semibold text-slate-800 shadow-sm hover:bg-slate-50 disabled:opacity-50"
            onClick={() => press(k)}
            disabled={!inCall}
          >
            {k}
          </button>
        ))}
      </div>
    </>
  );
}
