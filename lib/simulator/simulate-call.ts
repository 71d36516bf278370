// The built-in call simulator: plays Plivo's part against our own webhooks. It requests the answer URL, executes
// the Plivo XML it gets back (Speak, Play, Wait, GetDigits, Dial/Number, Redirect, Hangup, PreAnswer, Conference)
// with Plivo's semantics, posts the parameters Plivo posts, simulates the agent leg of a Dial and ends with the
// hangup callback. Runs unchanged in Node and the browser: the HTTP transport is injected.
import { DEFAULT_AGENT, type AgentBehaviour } from "./agent-behaviour";
import type { Caller } from "./callers";
import { realClock, type Clock } from "./clock";
import { SimulatorError, type SimulatorErrorJson } from "./errors";
import { parsePlivoXml, PlivoXmlError, type PlivoElement } from "./parse-plivo-xml";
import type { HttpMethod, Transport, WebhookRequest, WebhookResponse } from "./transport";

export type DialContext = { numbers: string[]; dialIndex: number; step: string };

export type MediaItem =
  | { kind: "speak"; text: string; language: string; voice: string }
  | { kind: "play"; url: string };

export type SimulateCallOptions = {
  transport: Transport;
  answerUrl: string;
  /** Plivo's hangup_url; the simulator always ends a call with it when set. */
  hangupUrl?: string;
  direction?: "inbound" | "outbound";
  from: string;
  to: string;
  callUuid?: string;
  /** Outbound calls: the request_uuid Plivo returned when the call was placed. */
  requestUuid?: string;
  caller: Caller;
  /** The agent leg of each <Dial>; a function is asked at every Dial (e.g. the phone page's current choice). */
  agent?: AgentBehaviour | ((dial: DialContext) => AgentBehaviour);
  /** Multiplies every wait (GetDigits timeouts, Wait, ring and talk time). 1 = real time. */
  timeScale?: number;
  clock?: Clock;
  /** Aborting it is the caller hanging up. */
  signal?: AbortSignal;
  onEvent?: (event: SimEvent) => void;
  /**
   * Plays what the caller hears (speech synthesis, <audio>) in real time. Returning null (e.g. sound is off) lets
   * the simulator pace the item itself, as without media: Speak lasts speakSeconds, Play lasts playSeconds.
   */
  media?: (item: MediaItem, signal: AbortSignal) => Promise<void> | null;
  playSeconds?: number;
  /** Simulated seconds a Speak takes when not played through media (default 0: instant). See speechSeconds(). */
  speakSeconds?: (text: string) => number;
  /** How long a caller stays in a <Conference> without timeLimit before the simulator leaves it. */
  conferenceHoldSeconds?: number;
  /** Guard against redirect loops. */
  maxRequests?: number;
};

export type SimEventBody =
    | { type: "request"; step: string; url: string; method: HttpMethod; params: Record<string, string> }
    | { type: "response"; url: string; status: number; ms: number }
    | { type: "step"; step: string }
    | { type: "speak"; text: string; language: string; voice: string }
    | { type: "play"; url: string }
    | { type: "wait"; seconds: number }
    | { type: "prompt"; attempt: number; of: number; timeoutSeconds: number; numDigits: number; validDigits: string; action: string }
    | { type: "awaiting-key"; timeoutSeconds: number } // the prompt has been said; the timeout runs from here
    | { type: "digits"; digits: string; valid: boolean }
    | { type: "no-input"; attempt: number }
    | { type: "dial"; numbers: string[]; agent: AgentBehaviour; timeoutSeconds: number }
    | { type: "agent"; state: "ringing" | "answered" | "hung-up" | "busy" | "failed" | "no-answer"; seconds?: number }
    | { type: "conference"; room: string; state: "entered" | "left" }
    | { type: "hangup"; cause: string; source: "Caller" | "Plivo" | "Answer XML" | "Error" }
    | { type: "error"; error: SimulatorErrorJson };
/** Everything the caller would notice, stamped with simulated ms since the call started. */
export type SimEvent = SimEventBody & { at: number };

export type CallResult = {
  callUuid: string;
  direction: "inbound" | "outbound";
  from: string;
  to: string;
  outcome: "completed" | "failed";
  hangupCause: string;
  hangupSource: string;
  durationSeconds: number; // simulated
  steps: string[]; // path taken, e.g. start > language > menu > agent > feedback
  heard: string[]; // Speak texts and Play URLs, in order
  pressed: string[]; // digits submitted to GetDigits actions
  dialStatuses: string[];
  requests: number;
  errors: SimulatorError[];
  events: SimEvent[];
};

const TOP_LEVEL = new Set(["Speak", "Play", "GetDigits", "Dial", "Redirect", "Wait", "Hangup", "PreAnswer", "Conference"]);
const NESTABLE: Record<string, Set<string>> = {
  GetDigits: new Set(["Speak", "Play", "Wait"]),
  Dial: new Set(["Number"]),
  PreAnswer: new Set(["Speak", "Play", "Wait", "GetDigits", "Redirect"]),
};
// Elements Plivo has but this simulator does not execute: reported, never skipped.
const PLIVO_ONLY = new Set(["Record", "GetInput", "DTMF", "Message", "MultiPartyCall", "Stream", "User"]);

const HANGUP_REASONS: Record<string, string> = { rejected: "CALL_REJECTED", busy: "USER_BUSY" };

class CallEnded extends Error {
  constructor(
    public readonly hangupCause: string,
    public readonly source: "Caller" | "Plivo" | "Answer XML" | "Error",
  ) {
    super(`call ended: ${hangupCause}`);
  }
}

type Next = { kind: "continue" } | { kind: "goto"; request: WebhookRequest };

/** About how long a text-to-speech voice takes to say `text`: 150 words a minute, at least half a second. */
export function speechSeconds(text: string): number {
  const words = text.split(/\s+/).filter(Boolean).length;
  return Math.max(0.5, Math.round((words / 2.5) * 10) / 10);
}

/** Last path segment of a webhook URL: the IVR step the phone page shows ("language", "menu", "queue"...). */
export function stepOf(url: string): string {
  try {
    const parts = new URL(url).pathname.split("/").filter(Boolean);
    return parts[parts.length - 1] ?? "/";
  } catch {
    return url;
  }
}

function randomUuid(): string {
  // randomUUID needs a secure context in browsers (not http://<LAN IP>); getRandomValues works everywhere.
  if (typeof globalThis.crypto.randomUUID === "function") return globalThis.crypto.randomUUID();
  const b = globalThis.crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function plivoTime(ms: number): string {
  return new Date(ms).toISOString().replace("T", " ").slice(0, 19);
}

function intAttr(el: PlivoElement, name: string, fallback: number, min: number): number {
  const raw = el.attrs[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) {
    throw new SimulatorError("invalid-attribute", `<${el.name} ${name}="${raw}">: must be an integer >= ${min}`);
  }
  return n;
}

function methodAttr(el: PlivoElement, name = "method"): HttpMethod {
  const raw = (el.attrs[name] ?? "POST").toUpperCase();
  if (raw !== "GET" && raw !== "POST") throw new SimulatorError("invalid-attribute", `<${el.name} ${name}="${raw}">: must be GET or POST`);
  return raw;
}

function boolAttr(el: PlivoElement, name: string, fallback: boolean): boolean {
  const raw = el.attrs[name];
  return raw === undefined ? fallback : raw === "true";
}

function validate(elements: PlivoElement[], allowed: Set<string>, parent: string) {
  for (const el of elements) {
    if (!allowed.has(el.name)) {
      const why = PLIVO_ONLY.has(el.name) ? "not supported by the simulator" : "not a Plivo element here";
      throw new SimulatorError("unknown-element", `<${el.name}> inside <${parent}>: ${why}`);
    }
    const nested = NESTABLE[el.name];
    if (nested) validate(el.children, nested, el.name);
    else if (el.children.length > 0 && el.name !== "PreAnswer") {
      throw new SimulatorError("unknown-element", `<${el.children[0]!.name}> inside <${el.name}>: ${el.name} takes no elements`);
    }
  }
}

/** Runs one call to its end. Never throws for protocol problems: they are in `errors` and outcome "failed". */
export async function simulateCall(options: SimulateCallOptions): Promise<CallResult> {
  const clock = options.clock ?? realClock;
  const scale = options.timeScale ?? 1;
  if (!(scale > 0)) throw new Error("timeScale must be > 0");
  const direction = options.direction ?? "inbound";
  const callUuid = options.callUuid ?? randomUuid();
  const maxRequests = options.maxRequests ?? 100;
  const startedAt = Date.now();

  // Internal "hang up now" switch: the caller (options.signal, a "hangup" script entry) or a scheduled <Hangup>.
  const hang = new AbortController();
  const onOuterAbort = () => hang.abort(new CallEnded("NORMAL_CLEARING", "Caller"));
  if (options.signal?.aborted) onOuterAbort();
  options.signal?.addEventListener("abort", onOuterAbort, { once: true });

  const result: CallResult = {
    callUuid,
    direction,
    from: options.from,
    to: options.to,
    outcome: "completed",
    hangupCause: "NORMAL_CLEARING",
    hangupSource: "Plivo",
    durationSeconds: 0,
    steps: [],
    heard: [],
    pressed: [],
    dialStatuses: [],
    requests: 0,
    errors: [],
    events: [],
  };

  let simMs = 0;
  let step = "answer";
  let dialIndex = 0;

  const emit = (event: SimEventBody) => {
    const full: SimEvent = { ...event, at: Math.round(simMs) };
    result.events.push(full);
    options.onEvent?.(full);
  };

  const enterStep = (next: string) => {
    step = next;
    if (result.steps[result.steps.length - 1] !== next) {
      result.steps.push(next);
      emit({ type: "step", step: next });
    }
  };

  const hangupReason = () => (hang.signal.reason instanceof CallEnded ? hang.signal.reason : new CallEnded("NORMAL_CLEARING", "Caller"));

  /**
   * Waits `seconds` of simulated time (scaled); throws CallEnded if the call ends meanwhile. `interrupt` (a key
   * pressed during a prompt) ends the wait early without ending the call.
   */
  const sleepSim = async (seconds: number, interrupt?: AbortSignal) => {
    if (interrupt?.aborted) return;
    const t0 = clock.now();
    try {
      await clock.sleep(seconds * 1000 * scale, interrupt ? AbortSignal.any([hang.signal, interrupt]) : hang.signal);
      simMs += seconds * 1000;
    } catch {
      simMs += (clock.now() - t0) / scale;
      if (hang.signal.aborted || !interrupt?.aborted) throw hangupReason();
    }
  };

  const baseParams = (callStatus = "in-progress"): Record<string, string> => {
    const p: Record<string, string> = { CallUUID: callUuid, From: options.from, To: options.to, CallStatus: callStatus, Direction: direction };
    if (direction === "outbound") {
      p.ALegUUID = callUuid;
      p.ALegRequestUUID = options.requestUuid ?? callUuid;
    }
    return p;
  };

  /** One webhook request; non-200 and transport failures become SimulatorErrors carrying the response. */
  const send = async (request: WebhookRequest, final = false): Promise<WebhookResponse> => {
    result.requests += 1;
    if (result.requests > maxRequests && !final) {
      throw new SimulatorError("loop-limit", `more than ${maxRequests} requests in one call (redirect loop?)`, request);
    }
    emit({ type: "request", step: stepOf(request.url), url: request.url, method: request.method, params: request.params });
    const t0 = clock.now();
    let response: WebhookResponse;
    try {
      response = await options.transport(request);
    } catch (e) {
      throw new SimulatorError("transport", `request failed: ${e instanceof Error ? e.message : String(e)}`, request);
    } finally {
      simMs += clock.now() - t0;
    }
    emit({ type: "response", url: request.url, status: response.status, ms: clock.now() - t0 });
    if (response.status !== 200) {
      throw new SimulatorError("http-status", `${request.method} ${request.url} answered ${response.status}`, request, response);
    }
    return response;
  };

  /** A request whose answer is Plivo XML to execute next. */
  const fetchXml = async (request: WebhookRequest): Promise<PlivoElement[]> => {
    const response = await send(request);
    try {
      const elements = parsePlivoXml(response.body);
      validate(elements, TOP_LEVEL, "Response");
      return elements;
    } catch (e) {
      if (e instanceof PlivoXmlError) throw new SimulatorError("malformed-xml", e.message, request, response);
      if (e instanceof SimulatorError) throw new SimulatorError(e.kind, e.message, request, response);
      throw e;
    }
  };

  /** A notification whose answer does not control the call (callbackUrl, hangup_url): failures are recorded. */
  const notify = async (request: WebhookRequest, final = false) => {
    try {
      await send(request, final);
    } catch (e) {
      if (!(e instanceof SimulatorError)) throw e;
      result.errors.push(e);
      emit({ type: "error", error: e.toJSON() });
    }
  };

  const hear = async (item: MediaItem, interrupt?: AbortSignal) => {
    if (item.kind === "speak") {
      result.heard.push(item.text);
      emit({ type: "speak", text: item.text, language: item.language, voice: item.voice });
    } else {
      result.heard.push(item.url);
      emit({ type: "play", url: item.url });
    }
    const t0 = clock.now();
    const playing = options.media?.(item, hang.signal) ?? null;
    if (playing) {
      try {
        await playing;
      } finally {
        simMs += clock.now() - t0; // real playback is real time, whatever the time scale
      }
      if (hang.signal.aborted) throw hangupReason();
    } else if (item.kind === "play") {
      await sleepSim(options.playSeconds ?? 2, interrupt);
    } else {
      // A caller cannot press before the prompt is said: paced speech gives a keypad (or a test) that time.
      const seconds = options.speakSeconds?.(item.text) ?? 0;
      if (seconds > 0) await sleepSim(seconds, interrupt);
    }
  };

  const speakOrPlay = async (el: PlivoElement, interrupt?: AbortSignal) => {
    const loop = Math.max(1, intAttr(el, "loop", 1, 0)); // loop="0" (forever) is heard once here
    for (let i = 0; i < loop && !interrupt?.aborted; i++) {
      if (el.name === "Speak") {
        await hear({ kind: "speak", text: el.text, language: el.attrs.language ?? "en-US", voice: el.attrs.voice ?? "WOMAN" }, interrupt);
      } else {
        if (!el.text) throw new SimulatorError("invalid-attribute", "<Play> without a URL");
        await hear({ kind: "play", url: el.text }, interrupt);
      }
    }
  };

  const waitEl = async (el: PlivoElement, interrupt?: AbortSignal) => {
    const length = intAttr(el, "length", 1, 1);
    emit({ type: "wait", seconds: length });
    await sleepSim(length, interrupt);
  };

  const getDigits = async (el: PlivoElement, docUrl: string): Promise<Next> => {
    const action = el.attrs.action || docUrl; // Plivo posts to the current document's URL when action is absent
    const method = methodAttr(el);
    const timeout = intAttr(el, "timeout", 5, 1);
    const digitTimeout = intAttr(el, "digitTimeout", 2, 1);
    const numDigits = Math.min(intAttr(el, "numDigits", 99, 1), 99);
    const retries = intAttr(el, "retries", 1, 1);
    const finishRaw = el.attrs.finishOnKey ?? "#";
    const finishOnKey = finishRaw === "none" ? "" : finishRaw;
    const validDigits = el.attrs.validDigits ?? "1234567890*#";
    const redirect = boolAttr(el, "redirect", true);
    const prompts = el.children.map((c) => (c.name === "Wait" ? `(${c.attrs.length ?? 1}s pause)` : c.text));

    for (let attempt = 1; attempt <= retries; attempt++) {
      emit({ type: "prompt", attempt, of: retries, timeoutSeconds: timeout, numDigits, validDigits, action });
      if (options.caller.beginPrompt({ step, attempt, prompts, numDigits, validDigits, finishOnKey }) === "hangup") {
        throw new CallEnded("NORMAL_CLEARING", "Caller");
      }
      let digits = "";
      const bargeIn = options.caller.bargeIn?.(); // a key cuts the prompt short, even mid-sentence
      try {
        for (const child of el.children) {
          if (options.caller.hasPendingKey?.()) break; // barge-in: a key press cuts the prompt short
          if (child.name === "Wait") await waitEl(child, bargeIn);
          else await speakOrPlay(child, bargeIn);
        }
        // Up to `timeout` for the first key, then `digitTimeout` between keys; finishOnKey submits and is dropped.
        if (!options.caller.hasPendingKey?.()) emit({ type: "awaiting-key", timeoutSeconds: timeout });
        let wait = timeout;
        while (digits.length < numDigits) {
          const t0 = clock.now();
          let key: string | null;
          try {
            key = await options.caller.nextKey(wait * 1000 * scale, hang.signal);
          } catch {
            simMs += (clock.now() - t0) / scale;
            throw hangupReason();
          }
          simMs += key === null ? wait * 1000 : (clock.now() - t0) / scale;
          if (key === null) break;
          if (finishOnKey && key === finishOnKey) break;
          digits += key;
          wait = digitTimeout;
        }
      } finally {
        options.caller.endPrompt?.();
      }
      if (digits === "") {
        emit({ type: "no-input", attempt });
        continue;
      }
      const valid = [...digits].every((d) => validDigits.includes(d));
      emit({ type: "digits", digits, valid });
      if (!valid) {
        // As Plivo (FreeSWITCH play_and_get_digits): an invalid entry plays invalidDigitsSound and uses up a try.
        if (el.attrs.invalidDigitsSound) await hear({ kind: "play", url: el.attrs.invalidDigitsSound });
        continue;
      }
      result.pressed.push(digits);
      const request: WebhookRequest = { url: action, method, params: { ...baseParams(), Digits: digits } };
      if (redirect) return { kind: "goto", request };
      await fetchXml(request); // redirect="false": request the URL, ignore its XML, go on with the next element
      return { kind: "continue" };
    }
    return { kind: "continue" }; // no (valid) input after every try: Plivo moves on to the next element
  };

  const dial = async (el: PlivoElement): Promise<Next> => {
    const method = methodAttr(el);
    const callbackMethod = methodAttr(el, "callbackMethod");
    const ringTimeout = intAttr(el, "timeout", 30, 1);
    const timeLimit = intAttr(el, "timeLimit", 14_400, 1);
    const numbers = el.children.map((c) => c.text).filter(Boolean);
    if (numbers.length === 0) throw new SimulatorError("invalid-attribute", "<Dial> without a <Number>");
    dialIndex += 1;
    const agent = typeof options.agent === "function" ? options.agent({ numbers, dialIndex, step }) : (options.agent ?? DEFAULT_AGENT);
    const previousStep = step;
    enterStep("agent");
    emit({ type: "dial", numbers, agent, timeoutSeconds: ringTimeout });

    const bLegUuid = randomUuid();
    const bLeg = { DialALegUUID: callUuid, DialBLegUUID: bLegUuid, DialBLegFrom: el.attrs.callerId ?? options.from, DialBLegTo: numbers[0]!, DialBLegPosition: "1" };
    const callback = async (params: Record<string, string>) => {
      if (el.attrs.callbackUrl) await notify({ url: el.attrs.callbackUrl, method: callbackMethod, params: { ...baseParams(), ...bLeg, ...params } });
    };
    const bLegHangup = (cause: string, seconds: number) =>
      callback({
        Event: "DialHangup",
        DialAction: "hangup",
        DialBLegStatus: "hangup",
        DialBLegHangupCause: cause,
        DialBLegDuration: String(seconds),
        DialBLegBillDuration: String(seconds),
      });

    let status: "completed" | "busy" | "failed" | "no-answer";
    let cause: string;
    let answered = false;
    let talked = 0;
    let callerHungUp: CallEnded | null = null;
    try {
      emit({ type: "agent", state: "ringing" });
      if (agent.kind === "answer" && agent.afterSeconds < ringTimeout) {
        await sleepSim(agent.afterSeconds);
        answered = true;
        emit({ type: "agent", state: "answered", seconds: agent.afterSeconds });
        await callback({ Event: "DialAnswer", DialAction: "answer", DialBLegStatus: "answer" });
        const talk = Math.min(agent.talkSeconds, timeLimit);
        const before = simMs;
        try {
          await sleepSim(talk);
        } finally {
          talked = Math.round((simMs - before) / 1000);
        }
        status = "completed";
        cause = "NORMAL_CLEARING";
        emit({ type: "agent", state: "hung-up", seconds: talked });
      } else if (agent.kind === "answer" || agent.kind === "no-answer") {
        await sleepSim(ringTimeout);
        status = "no-answer";
        cause = "NO_ANSWER";
        emit({ type: "agent", state: "no-answer", seconds: ringTimeout });
      } else if (agent.kind === "busy") {
        status = "busy";
        cause = "USER_BUSY";
        emit({ type: "agent", state: "busy" });
      } else {
        status = "failed";
        cause = "UNALLOCATED_NUMBER";
        emit({ type: "agent", state: "failed" });
      }
    } catch (e) {
      if (!(e instanceof CallEnded)) throw e;
      callerHungUp = e; // the caller left while the agent rang or talked
      status = answered ? "completed" : "no-answer";
      cause = "ORIGINATOR_CANCEL";
    }
    await bLegHangup(answered ? "NORMAL_CLEARING" : cause, talked);
    result.dialStatuses.push(status);
    step = previousStep;

    const action = el.attrs.action;
    if (!action) {
      if (callerHungUp) throw callerHungUp;
      return { kind: "continue" };
    }
    const request: WebhookRequest = {
      url: action,
      method,
      params: {
        ...baseParams(callerHungUp ? "completed" : "in-progress"),
        DialStatus: status,
        DialALegUUID: callUuid,
        DialBLegUUID: answered ? bLegUuid : "",
        DialHangupCause: cause,
        DialRingStatus: agent.kind === "busy" || agent.kind === "failed" ? "false" : "true",
      },
    };
    if (callerHungUp) {
      // Plivo still reports the dial result when the caller hangs up mid-dial; the XML it returns is not executed.
      await notify(request);
      throw callerHungUp;
    }
    if (boolAttr(el, "redirect", true)) return { kind: "goto", request };
    await fetchXml(request);
    return { kind: "continue" };
  };

  const conference = async (el: PlivoElement): Promise<Next> => {
    const room = el.text;
    if (!room) throw new SimulatorError("invalid-attribute", "<Conference> without a room name");
    const method = methodAttr(el);
    const callbackMethod = methodAttr(el, "callbackMethod");
    const timeLimit = intAttr(el, "timeLimit", 0, 0);
    const confParams = { ConferenceName: room, ConferenceUUID: `sim-conf-${room}`, ConferenceMemberID: "1" };
    const callback = async (action: "enter" | "exit") => {
      if (el.attrs.callbackUrl) {
        await notify({ url: el.attrs.callbackUrl, method: callbackMethod, params: { ...baseParams(), ...confParams, ConferenceAction: action } });
      }
    };
    emit({ type: "conference", room, state: "entered" });
    await callback("enter");
    let ended: CallEnded | null = null;
    try {
      if (el.attrs.waitSound) {
        // waitSound answers XML (Speak/Play/Wait) played to the member while alone in the room.
        const music = await fetchXml({ url: el.attrs.waitSound, method: "POST", params: baseParams() });
        for (const item of music) {
          if (item.name === "Wait") await waitEl(item);
          else if (item.name === "Speak" || item.name === "Play") await speakOrPlay(item);
        }
      }
      await sleepSim(timeLimit > 0 ? timeLimit : (options.conferenceHoldSeconds ?? 30));
    } catch (e) {
      if (!(e instanceof CallEnded)) throw e;
      ended = e;
    }
    emit({ type: "conference", room, state: "left" });
    await callback("exit");
    if (ended) throw ended;
    if (!el.attrs.action) return { kind: "continue" };
    return { kind: "goto", request: { url: el.attrs.action, method, params: { ...baseParams(), ...confParams, ConferenceAction: "exit" } } };
  };

  const execute = async (elements: PlivoElement[], docUrl: string): Promise<Next> => {
    for (const el of elements) {
      if (hang.signal.aborted) throw hangupReason();
      let next: Next = { kind: "continue" };
      switch (el.name) {
        case "Speak":
        case "Play":
          await speakOrPlay(el);
          break;
        case "Wait":
          await waitEl(el);
          break;
        case "GetDigits":
          next = await getDigits(el, docUrl);
          break;
        case "Dial":
          next = await dial(el);
          break;
        case "Conference":
          next = await conference(el);
          break;
        case "PreAnswer":
          next = await execute(el.children, docUrl);
          break;
        case "Redirect": {
          if (!el.text) throw new SimulatorError("invalid-attribute", "<Redirect> without a URL");
          next = { kind: "goto", request: { url: new URL(el.text, docUrl).toString(), method: methodAttr(el), params: baseParams() } };
          break;
        }
        case "Hangup": {
          const schedule = intAttr(el, "schedule", 0, 0);
          if (schedule > 0) {
            // A scheduled hangup lets the rest of the document run until the time is up.
            const timer = setTimeout(() => hang.abort(new CallEnded("ALLOTTED_TIMEOUT", "Answer XML")), schedule * 1000 * scale);
            hang.signal.addEventListener("abort", () => clearTimeout(timer), { once: true });
            break;
          }
          throw new CallEnded(HANGUP_REASONS[el.attrs.reason ?? ""] ?? "NORMAL_CLEARING", "Answer XML");
        }
        default:
          throw new SimulatorError("unknown-element", `<${el.name}> is not executable`);
      }
      if (next.kind === "goto") return next;
    }
    return { kind: "continue" };
  };

  try {
    let request: WebhookRequest | null = { url: options.answerUrl, method: "POST", params: baseParams() };
    while (request) {
      enterStep(stepOf(request.url));
      const docUrl = request.url;
      const elements = await fetchXml(request);
      const next = await execute(elements, docUrl);
      request = next.kind === "goto" ? next.request : null;
    }
    // The document ran out: Plivo hangs up.
    result.hangupCause = "NORMAL_CLEARING";
    result.hangupSource = "Plivo";
  } catch (e) {
    if (e instanceof CallEnded) {
      result.hangupCause = e.hangupCause;
      result.hangupSource = e.source;
    } else if (e instanceof SimulatorError) {
      result.errors.push(e);
      emit({ type: "error", error: e.toJSON() });
      result.hangupCause = "NORMAL_CLEARING";
      result.hangupSource = "Error";
    } else {
      const err = new SimulatorError("transport", `simulator failure: ${e instanceof Error ? e.message : String(e)}`);
      result.errors.push(err);
      emit({ type: "error", error: err.toJSON() });
      result.hangupSource = "Error";
    }
  } finally {
    options.signal?.removeEventListener("abort", onOuterAbort);
  }

  result.durationSeconds = Math.max(1, Math.round(simMs / 1000)); // whole seconds, as Plivo reports them
  emit({ type: "hangup", cause: result.hangupCause, source: result.hangupSource as "Caller" | "Plivo" | "Answer XML" | "Error" });
  if (!hang.signal.aborted) hang.abort(new CallEnded(result.hangupCause, "Plivo")); // stops a pending scheduled hangup
  if (options.hangupUrl) {
    const endedAt = startedAt + simMs;
    await notify({
      url: options.hangupUrl,
      method: "POST",
      params: {
        ...baseParams("completed"),
        Event: "Hangup",
        Duration: String(result.durationSeconds),
        BillDuration: String(result.durationSeconds),
        HangupCause: result.hangupCause,
        HangupSource: result.hangupSource,
        StartTime: plivoTime(startedAt),
        AnswerTime: plivoTime(startedAt), // the simulator answers at once
        EndTime: plivoTime(endedAt),
      },
    }, true); // the hangup callback is always sent, even past the loop limit, so the server can close the call
  }
  result.outcome = result.errors.length > 0 ? "failed" : "completed";
  return result;
}
