"use client";
// The browser phone's call state as one reducer: the simulator's events drive it (step, prompt, transcript), the
// keypad and the clock add to it. The hook runs simulateCall with a keypad caller and the relay transport.
import { useCallback, useEffect, useReducer, useRef } from "react";
import type { AgentBehaviour } from "@/lib/simulator/agent-behaviour";
import { KeypadCaller } from "@/lib/simulator/callers";
import { simulateCall, speechSeconds, type CallResult, type SimEvent } from "@/lib/simulator/simulate-call";
import type { SimulatedRing } from "@/lib/simulator/simulated-rings";
import { createRelayTransport } from "@/lib/simulator/transport";
import { describeEvent, playMedia, promptLevel, STEP_BY_WEBHOOK, type Listening, type TranscriptEntry } from "./call-events";

export type Phase = "idle" | "ringing" | "in-call" | "ended";

export type CallState = {
  phase: Phase;
  step: string;
  webhook: string;
  elapsed: number;
  result: CallResult | null;
  typed: string;
  listening: Listening | null;
  promptSeq: number; // last prompt's number, shown after it ends
  transcript: Array<TranscriptEntry & { id: number; at: number }>;
  lastLineId: number;
};

type Action =
  | { type: "start" }
  | { type: "event"; event: SimEvent }
  | { type: "typed"; key: string }
  | { type: "tick"; elapsed: number }
  | { type: "ended"; result: CallResult }
  | { type: "decline" };

export function initialCallState(ringing: boolean): CallState {
  return { phase: ringing ? "ringing" : "idle", step: "-", webhook: "-", elapsed: 0, result: null, typed: "", listening: null, promptSeq: 0, transcript: [], lastLineId: 0 };
}

/** One simulator event: the step is what the caller is in, not which webhook answered. */
function onEvent(s: CallState, e: SimEvent): CallState {
  const next = { ...s };
  // A prompt names its level, a Dial is the agent leg, the queue route is hold, the recorded message is the message.
  if (e.type === "request") next.webhook = e.step;
  if (e.type === "step") next.step = STEP_BY_WEBHOOK[e.step] ?? e.step;
  if (e.type === "prompt") {
    const level = promptLevel(e.action);
    next.typed = "";
    next.step = level;
    next.promptSeq = s.promptSeq + 1;
    next.listening = { seq: next.promptSeq, level, attempt: e.attempt, of: e.of, validDigits: e.validDigits, timeoutSeconds: e.timeoutSeconds, awaiting: false };
  }
  if (e.type === "awaiting-key" && next.listening) next.listening = { ...next.listening, awaiting: true };
  if (e.type === "digits" || e.type === "no-input" || e.type === "hangup") next.listening = null;
  if (e.type === "play" && /message-\w+\.wav$/.test(e.url)) next.step = "message";
  if (e.type === "dial") next.step = "agent";
  if (e.type === "hangup") next.step = "ended";
  const line = describeEvent(e);
  if (line) {
    next.lastLineId = s.lastLineId + 1;
    next.transcript = [...s.transcript, { id: next.lastLineId, at: e.at, ...line }];
  }
  return next;
}

export function callReducer(s: CallState, a: Action): CallState {
  switch (a.type) {
    case "start":
      return { ...s, phase: "in-call", transcript: [], result: null, step: "start", elapsed: 0, typed: "", listening: null, webhook: "-" };
    case "event":
      return onEvent(s, a.event);
    case "typed":
      return { ...s, typed: s.typed + a.key };
    case "tick":
      return { ...s, elapsed: a.elapsed };
    case "ended":
      return { ...s, listening: null, elapsed: a.result.durationSeconds, result: a.result, phase: "ended" };
    case "decline":
      return { ...s, phase: "idle" };
  }
}

export type CallSetup = {
  baseUrl: string;
  ourNumber: string;
  outboundTo: string | null;
  callerNumber: string;
  timeScale: number;
  /** Read at every Dial, so a change during the call applies to the next one. */
  agent: React.RefObject<AgentBehaviour>;
  /** Sound on: speech and audio play in real time; off: the simulator paces them (scaled). */
  sound: React.RefObject<boolean>;
};

export function usePhoneCall(setup: CallSetup) {
  const [state, dispatch] = useReducer(callReducer, setup.outboundTo !== null, initialCallState);
  const callerRef = useRef<KeypadCaller | null>(null);
  const hangupRef = useRef<AbortController | null>(null);
  const clockRef = useRef({ simAt: 0, realAt: 0, scale: 1 });
  const { baseUrl, ourNumber, outboundTo, callerNumber, timeScale, agent, sound } = setup;

  useEffect(() => {
    if (state.phase !== "in-call") return;
    const timer = setInterval(() => {
      const c = clockRef.current;
      dispatch({ type: "tick", elapsed: c.simAt / 1000 + (Date.now() - c.realAt) / 1000 / c.scale });
    }, 250);
    return () => clearInterval(timer);
  }, [state.phase]);

  const start = useCallback(
    /** `ring`: answer a queued callback's outbound leg (#18) at its own webhook URLs instead of the IVR's start. */
    async (direction: "inbound" | "outbound", ring?: SimulatedRing) => {
      if (hangupRef.current) return;
      const caller = new KeypadCaller();
      const hangup = new AbortController();
      callerRef.current = caller;
      hangupRef.current = hangup;
      clockRef.current = { simAt: 0, realAt: Date.now(), scale: timeScale };
      dispatch({ type: "start" });
      const result = await simulateCall({
        transport: createRelayTransport(),
        answerUrl: ring?.answerUrl ?? `${baseUrl}/ivr/start`,
        hangupUrl: ring?.hangupUrl ?? `${baseUrl}/plivo/callback`,
        ...(ring?.requestUuid ? { requestUuid: ring.requestUuid } : {}),
        direction,
        from: ring ? ring.from : direction === "inbound" ? callerNumber : ourNumber,
        to: ring ? ring.to : direction === "inbound" ? ourNumber : (outboundTo ?? callerNumber),
        caller,
        agent: () => agent.current,
        timeScale,
        signal: hangup.signal,
        onEvent: (event) => {
          clockRef.current = { ...clockRef.current, simAt: event.at, realAt: Date.now() };
          dispatch({ type: "event", event });
        },
        // Sound off: the simulator paces speech itself (scaled), so keys can be pressed while a prompt is "said".
        media: (item, signal) => (sound.current ? playMedia(item, signal) : null),
        speakSeconds: speechSeconds,
        playSeconds: 2,
      });
      hangupRef.current = null;
      callerRef.current = null;
      dispatch({ type: "ended", result });
    },
    [baseUrl, callerNumber, ourNumber, outboundTo, timeScale, agent, sound],
  );

  const press = useCallback((key: string) => {
    if (!callerRef.current) return;
    callerRef.current.press(key);
    dispatch({ type: "typed", key });
    if (typeof window !== "undefined" && "speechSynthesis" in window) window.speechSynthesis.cancel(); // barge-in
  }, []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement) return;
      if (/^[0-9*#]$/.test(e.key)) press(e.key);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [press]);

  useEffect(() => () => hangupRef.current?.abort(), []);

  const hangUp = useCallback(() => hangupRef.current?.abort(), []);
  const decline = useCallback(() => dispatch({ type: "decline" }), []);
  return { state, start, press, hangUp, decline };
}
