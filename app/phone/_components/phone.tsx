"use client";
// The browser phone: runs lib/simulator's simulateCall with a live keypad, a relay transport (the server signs)
// and optional speech. Everything a Playwright spec needs has a role/name or a data-testid.
import { useCallback, useEffect, useRef, useState } from "react";
import { buttonDanger, buttonPrimary, buttonSecondary, card, inputClass, labelClass, selectClass } from "@/components/ui-classes";
import { describeAgent, type AgentBehaviour } from "@/lib/simulator/agent-behaviour";
import { KeypadCaller } from "@/lib/simulator/callers";
import { simulateCall, speechSeconds, stepOf, type CallResult, type MediaItem, type SimEvent } from "@/lib/simulator/simulate-call";
import { createRelayTransport } from "@/lib/simulator/transport";

type Props = { baseUrl: string; ourNumber: string; outboundTo: string | null; invalidTo: boolean };
type Phase = "idle" | "ringing" | "in-call" | "ended";
type AgentKind = AgentBehaviour["kind"];

const KEYS = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "0", "#"] as const;
const KEY_TESTID: Record<string, string> = { "*": "key-star", "#": "key-hash" };
const SCALES = [1, 0.5, 0.2, 0.1] as const;

/** A GetDigits attempt the caller can answer now. `seq` counts prompts, so a tester can tell one re-ask from the next. */
type Listening = { seq: number; level: string; attempt: number; of: number; validDigits: string; timeoutSeconds: number; awaiting: boolean };

// The IVR level a prompt belongs to, from the GetDigits action it will post to.
const LEVEL_BY_ACTION: Record<string, string> = { language: "language", action: "menu", feedback: "rating" };
const LEVEL_LABEL: Record<string, string> = { language: "Language (level 1)", menu: "Menu (level 2)", rating: "Rating (level 3)", offer: "Message offer" };

function promptLevel(action: string): string {
  const step = stepOf(action);
  if (step === "action" && /[?&]offer=1/.test(action)) return "offer";
  return LEVEL_BY_ACTION[step] ?? step;
}

const ENDED_BY: Record<string, string> = { Caller: "you hung up", "Answer XML": "the IVR hung up", Plivo: "the call flow finished", Error: "stopped on an error" };

// Until the answer shows more (a prompt, a Dial, the message), the step is the level the webhook serves.
const STEP_BY_WEBHOOK: Record<string, string> = { start: "greeting", action: "menu", "dial-result": "agent", feedback: "rating" };

// Our recordings by file name, so the transcript says what the caller hears rather than a file name.
const AUDIO_LABEL: Array<[RegExp, string]> = [
  [/message-(\w+)\.wav$/, "Recorded message"],
  [/invalid-(\w+)\.wav$/, "“That is not a valid option”"],
  [/hold-music\.wav$/, "Hold music"],
];

function describePlay(url: string): string {
  for (const [re, label] of AUDIO_LABEL) if (re.test(url)) return `♪ ${label}`;
  return `♪ ${url.split("/").pop() ?? url}`;
}

function clockText(seconds: number) {
  const s = Math.max(0, Math.floor(seconds));
  return `${String(Math.floor(s / 60)).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}`;
}

/** What the caller hears, spoken with the browser's voice or played through an <audio> element. */
function playMedia(item: MediaItem, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    if (item.kind === "speak") {
      if (typeof window === "undefined" || !("speechSynthesis" in window)) return resolve();
      const utterance = new SpeechSynthesisUtterance(item.text);
      utterance.lang = item.language;
      const done = () => resolve();
      utterance.onend = done;
      utterance.onerror = done;
      signal.addEventListener("abort", () => (window.speechSynthesis.cancel(), done()), { once: true });
      window.speechSynthesis.speak(utterance);
      return;
    }
    const audio = new Audio(item.url);
    const done = () => resolve();
    audio.onended = done;
    audio.onerror = done;
    signal.addEventListener("abort", () => (audio.pause(), done()), { once: true });
    audio.play().catch(done);
  });
}

function describeEvent(e: SimEvent): { kind: string; text: string; lang?: string } | null {
  switch (e.type) {
    case "speak":
      return { kind: "speak", text: e.text, lang: e.language };
    case "play":
      return { kind: "play", text: describePlay(e.url) };
    case "digits":
      return { kind: "digits", text: e.valid ? `You entered ${e.digits}` : `You entered ${e.digits} (not a valid option)` };
    case "no-input":
      return { kind: "no-input", text: "(no input)" };
    case "dial":
      return { kind: "dial", text: `Connecting to an agent (${e.numbers.join(", ")}): ${describeAgent(e.agent)}` };
    case "agent":
      return { kind: "agent", text: `Agent ${e.state}${e.seconds !== undefined ? ` (${e.seconds}s)` : ""}` };
    case "wait":
      return { kind: "wait", text: `(${e.seconds}s pause)` };
    case "hangup":
      return { kind: "hangup", text: `Call ended: ${e.cause} (${e.source})` };
    case "error":
      return { kind: "error", text: `${e.error.kind}: ${e.error.message}` };
    default:
      return null;
  }
}

export function Phone({ baseUrl, ourNumber, outboundTo, invalidTo }: Props) {
  const [phase, setPhase] = useState<Phase>(outboundTo ? "ringing" : "idle");
  const [callerNumber, setCallerNumber] = useState("+12025550123");
  const [transcript, setTranscript] = useState<Array<{ id: number; kind: string; text: string; lang?: string; at: number }>>([]);
  const [step, setStep] = useState("-");
  const [elapsed, setElapsed] = useState(0);
  const [result, setResult] = useState<CallResult | null>(null);
  const [agentKind, setAgentKind] = useState<AgentKind>("answer");
  const [answerAfter, setAnswerAfter] = useState(3);
  const [talkFor, setTalkFor] = useState(10);
  const [timeScale, setTimeScale] = useState<number>(1);
  const [sound, setSound] = useState(false);
  const [typed, setTyped] = useState("");
  const [listening, setListening] = useState<Listening | null>(null);
  const [webhook, setWebhook] = useState("-");
  const [promptSeq, setPromptSeq] = useState(0); // last prompt's number, shown after it ends

  const callerRef = useRef<KeypadCaller | null>(null);
  const hangupRef = useRef<AbortController | null>(null);
  const agentRef = useRef<AgentBehaviour>({ kind: "answer", afterSeconds: 3, talkSeconds: 10 });
  const soundRef = useRef(sound);
  const clockRef = useRef({ simAt: 0, realAt: 0, scale: 1 });
  const idRef = useRef(0);
  const promptSeqRef = useRef(0);

  // The simulator asks for the agent's behaviour at each Dial, so a change during the call applies to the next one.
  useEffect(() => {
    agentRef.current = agentKind === "answer" ? { kind: "answer", afterSeconds: answerAfter, talkSeconds: talkFor } : { kind: agentKind };
  }, [agentKind, answerAfter, talkFor]);
  useEffect(() => {
    soundRef.current = sound;
  }, [sound]);

  useEffect(() => {
    if (phase !== "in-call") return;
    const timer = setInterval(() => {
      const c = clockRef.current;
      setElapsed(c.simAt / 1000 + (Date.now() - c.realAt) / 1000 / c.scale);
    }, 250);
    return () => clearInterval(timer);
  }, [phase]);

  const start = useCallback(
    async (direction: "inbound" | "outbound") => {
      if (hangupRef.current) return;
      const caller = new KeypadCaller();
      const hangup = new AbortController();
      callerRef.current = caller;
      hangupRef.current = hangup;
      clockRef.current = { simAt: 0, realAt: Date.now(), scale: timeScale };
      setTranscript([]);
      setResult(null);
      setStep("start");
      setElapsed(0);
      setTyped("");
      setListening(null);
      setWebhook("-");
      setPhase("in-call");
      const onEvent = (e: SimEvent) => {
        clockRef.current = { ...clockRef.current, simAt: e.at, realAt: Date.now() };
        // The step is what the caller is in, not which webhook answered: a prompt names its level, a Dial is the
        // agent leg, the queue route is hold, the recorded message is the message.
        if (e.type === "request") setWebhook(e.step);
        if (e.type === "step") setStep(STEP_BY_WEBHOOK[e.step] ?? e.step);
        if (e.type === "prompt") {
          const level = promptLevel(e.action);
          setTyped("");
          setStep(level);
          const seq = ++promptSeqRef.current;
          setPromptSeq(seq);
          setListening({ seq, level, attempt: e.attempt, of: e.of, validDigits: e.validDigits, timeoutSeconds: e.timeoutSeconds, awaiting: false });
        }
        if (e.type === "awaiting-key") setListening((l) => (l ? { ...l, awaiting: true } : l));
        if (e.type === "digits" || e.type === "no-input" || e.type === "hangup") setListening(null);
        if (e.type === "play" && /message-\w+\.wav$/.test(e.url)) setStep("message");
        if (e.type === "dial") setStep("agent");
        if (e.type === "hangup") setStep("ended");
        const line = describeEvent(e);
        if (line) setTranscript((t) => [...t, { id: ++idRef.current, at: e.at, ...line }]);
      };
      const r = await simulateCall({
        transport: createRelayTransport(),
        answerUrl: `${baseUrl}/ivr/start`,
        hangupUrl: `${baseUrl}/plivo/callback`,
        direction,
        from: direction === "inbound" ? callerNumber : ourNumber,
        to: direction === "inbound" ? ourNumber : (outboundTo ?? callerNumber),
        caller,
        agent: () => agentRef.current,
        timeScale,
        signal: hangup.signal,
        onEvent,
        // Sound off: the simulator paces speech itself (scaled), so keys can be pressed while a prompt is "said".
        media: (item, signal) => (soundRef.current ? playMedia(item, signal) : null),
        speakSeconds: speechSeconds,
        playSeconds: 2,
      });
      hangupRef.current = null;
      callerRef.current = null;
      setListening(null);
      setElapsed(r.durationSeconds);
      setResult(r);
      setPhase("ended");
    },
    [baseUrl, callerNumber, ourNumber, outboundTo, timeScale],
  );

  const press = useCallback((key: string) => {
    if (!callerRef.current) return;
    callerRef.current.press(key);
    setTyped((t) => t + key);
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

        {phase === "ringing" ? (
          <div className="flex gap-2">
            <button type="button" className={buttonPrimary} onClick={() => void start("outbound")}>
              Answer
            </button>
            <button type="button" className={buttonSecondary} onClick={() => setPhase("idle")}>
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
              <button type="button" className={buttonDanger} onClick={() => hangupRef.current?.abort()} disabled={!inCall}>
                Hang up
              </button>
            </div>
          </div>
        )}

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

        <fieldset className="space-y-2 border-t border-slate-200 pt-4">
          <legend className="text-sm font-semibold text-slate-700">Agent behaviour</legend>
          <select aria-label="Agent behaviour" data-testid="agent-behaviour" className={selectClass} value={agentKind} onChange={(e) => setAgentKind(e.target.value as AgentKind)}>
            <option value="answer">Answers</option>
            <option value="no-answer">No answer</option>
            <option value="busy">Busy</option>
            <option value="failed">Failed</option>
          </select>
          {agentKind === "answer" ? (
            <div className="grid grid-cols-2 gap-2">
              <label className="text-sm text-slate-600">
                after (s)
                <input aria-label="Answer after seconds" type="number" min={0} max={120} className={inputClass} value={answerAfter} onChange={(e) => setAnswerAfter(Math.max(0, Number(e.target.value) || 0))} />
              </label>
              <label className="text-sm text-slate-600">
                talks (s)
                <input aria-label="Talk seconds" type="number" min={0} max={3600} className={inputClass} value={talkFor} onChange={(e) => setTalkFor(Math.max(0, Number(e.target.value) || 0))} />
              </label>
            </div>
          ) : null}
          <p className="text-xs text-slate-500">Applies to the next Dial, also during a call.</p>
        </fieldset>

        <div className="grid grid-cols-2 gap-3 border-t border-slate-200 pt-4">
          <label className="text-sm text-slate-600">
            Time scale
            <select aria-label="Time scale" className={selectClass} value={timeScale} onChange={(e) => setTimeScale(Number(e.target.value))} disabled={inCall}>
              {SCALES.map((s) => (
                <option key={s} value={s}>
                  {s === 1 ? "real time" : `${s}×`}
                </option>
              ))}
            </select>
          </label>
          <label className="flex items-center gap-2 self-end text-sm text-slate-700">
            <input type="checkbox" checked={sound} onChange={(e) => setSound(e.target.checked)} />
            Sound (speech + audio)
          </label>
        </div>
      </section>

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
    </div>
  );
}
