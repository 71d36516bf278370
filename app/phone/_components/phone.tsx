"use client";
// The browser phone: runs lib/simulator's simulateCall with a live keypad, a relay transport (the server signs)
// and optional speech. Everything a Playwright spec needs has a role/name or a data-testid. The call's state is a
// reducer (use-phone-call.ts); the keypad, agent controls and transcript are their own components.
import { useCallback, useEffect, useRef, useState } from "react";
import { buttonDanger, buttonPrimary, buttonSecondary, card, inputClass, labelClass } from "@/components/ui-classes";
import type { AgentBehaviour } from "@/lib/simulator/agent-behaviour";
import { AgentControls } from "./agent-controls";
import { clockText, ENDED_BY } from "./call-events";
import { Keypad } from "./keypad";
import { Transcript } from "./transcript";
import { useCallbackRing } from "./use-callback-ring";
import { usePhoneCall } from "./use-phone-call";

type Props = { baseUrl: string; ourNumber: string; outboundTo: string | null; invalidTo: boolean };

export function Phone({ baseUrl, ourNumber, outboundTo, invalidTo }: Props) {
  const [callerNumber, setCallerNumber] = useState("+12025550123");
  const [timeScale, setTimeScale] = useState<number>(1);
  const [sound, setSound] = useState(false);
  const agentRef = useRef<AgentBehaviour>({ kind: "answer", afterSeconds: 3, talkSeconds: 10 });
  const soundRef = useRef(sound);
  useEffect(() => {
    soundRef.current = sound;
  }, [sound]);
  const onAgentChange = useCallback((agent: AgentBehaviour) => {
    agentRef.current = agent;
  }, []);
  const { state, start, press, hangUp, decline } = usePhoneCall({ baseUrl, ourNumber, outboundTo, callerNumber, timeScale, agent: agentRef, sound: soundRef });
  const { phase, step, webhook, elapsed, result, typed, listening, promptSeq, transcript } = state;
  const ring = useCallbackRing(callerNumber, phase !== "in-call");

  const inCall = phase === "in-call";
  const statusText =
    phase === "idle"
      ? "Idle"
      : phase === "ringing"
        ? `Incoming call to ${outboundTo} — answer to start`
        : phase === "in-call"
          ? `In call — ${step}`
          : result?.outcome === "failed"
            ? `Call failed — ${result.errors[0]?.message ?? "protocol error"}`
            : `Call ended — ${ENDED_BY[result?.hangupSource ?? ""] ?? "call over"} (${result?.hangupCause ?? ""})`;

  return (
    <div className="grid gap-6 lg:grid-cols-[22rem_1fr]">
      <section className={`${card} space-y-5 p-5`} aria-label="Phone">
        <p role="status" aria-live="polite" data-testid="call-status" className="rounded-md bg-slate-100 px-3 py-2 text-sm font-medium text-slate-800">
          {statusText}
        </p>
        <dl className="grid grid-cols-2 gap-2 text-sm">
          <dt className="text-slate-500">Elapsed</dt>
          <dd data-testid="elapsed" className="font-mono tabular-nums">
            {clockText(elapsed)}
          </dd>
          <dt className="text-slate-500">Step</dt>
          <dd data-testid="current-step" className="font-mono">
            {phase === "idle" || phase === "ringing" ? "-" : step}
          </dd>
          <dt className="text-slate-500">Webhook</dt>
          <dd data-testid="current-webhook" className="font-mono">
            {phase === "idle" || phase === "ringing" ? "-" : webhook}
          </dd>
          <dt className="text-slate-500">Keys</dt>
          <dd data-testid="typed-keys" className="font-mono">
            {typed || "-"}
          </dd>
        </dl>

        {invalidTo ? (
          <p role="alert" className="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-800">
            The number to call is not in E.164 format (e.g. +14155550100).
          </p>
        ) : null}

        {ring.incoming && phase !== "in-call" ? (
          <div className="space-y-2 rounded-md bg-indigo-50 p-3" data-testid="incoming-callback">
            <p className="text-sm font-medium text-indigo-900">Incoming call from {ring.incoming.from} — the callback you asked for</p>
            <div className="flex gap-2">
              <button
                type="button"
                className={buttonPrimary}
                onClick={() => {
                  const r = ring.take();
                  if (r) void start("outbound", r);
                }}
              >
                Answer callback
              </button>
              <button type="button" className={buttonSecondary} onClick={() => void ring.decline()}>
                Decline callback
              </button>
            </div>
          </div>
        ) : null}

        {phase === "ringing" ? (
          <div className="flex gap-2">
            <button type="button" className={buttonPrimary} onClick={() => void start("outbound")}>
              Answer
            </button>
            <button type="button" className={buttonSecondary} onClick={decline}>
              Decline
            </button>
          </div>
        ) : (
          <div className="space-y-2">
            <label htmlFor="caller-number" className={labelClass}>
              Caller number
            </label>
            <input
              id="caller-number"
              type="tel"
              className={inputClass}
              value={callerNumber}
              onChange={(e) => setCallerNumber(e.target.value.trim())}
              disabled={inCall}
              pattern="^\+[1-9]\d{6,14}$"
            />
            <div className="flex gap-2">
              <button type="button" className={buttonPrimary} onClick={() => void start("inbound")} disabled={inCall || !/^\+[1-9]\d{6,14}$/.test(callerNumber)}>
                Inbound call
              </button>
              <button type="button" className={buttonDanger} onClick={hangUp} disabled={!inCall}>
                Hang up
              </button>
            </div>
          </div>
        )}

        <Keypad listening={listening} promptSeq={promptSeq} inCall={inCall} press={press} />
        <AgentControls onAgentChange={onAgentChange} timeScale={timeScale} setTimeScale={setTimeScale} sound={sound} setSound={setSound} inCall={inCall} />
      </section>

      <Transcript transcript={transcript} result={result} />
    </div>
  );
}
