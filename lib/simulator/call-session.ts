// One simulated call's state and the mechanics every XML verb shares: simulated time, events, webhook requests
// (signed by the injected transport), hearing a prompt, and the "hang up now" switch. The verbs (verbs/) act on it.
import { realClock, type Clock } from "./clock";
import { SimulatorError } from "./errors";
import { parsePlivoXml, PlivoXmlError, type PlivoElement } from "./parse-plivo-xml";
import type { WebhookRequest, WebhookResponse } from "./transport";
import type { CallResult, HangupSource, MediaItem, SimEvent, SimEventBody, SimulateCallOptions } from "./types";
import { validate } from "./xml-attrs";

export class CallEnded extends Error {
  constructor(
    public readonly hangupCause: string,
    public readonly source: HangupSource,
  ) {
    super(`call ended: ${hangupCause}`);
  }
}

/** What the document does after a verb: go on with the next element, or request another document. */
export type Next = { kind: "continue" } | { kind: "goto"; request: WebhookRequest };

/** Last path segment of a webhook URL: the IVR step the phone page shows ("language", "menu", "queue"...). */
export function stepOf(url: string): string {
  try {
    const parts = new URL(url).pathname.split("/").filter(Boolean);
    return parts[parts.length - 1] ?? "/";
  } catch {
    return url;
  }
}

export function randomUuid(): string {
  // randomUUID needs a secure context in browsers (not http://<LAN IP>); getRandomValues works everywhere.
  if (typeof globalThis.crypto.randomUUID === "function") return globalThis.crypto.randomUUID();
  const b = globalThis.crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export class CallSession {
  readonly clock: Clock;
  readonly scale: number;
  readonly callUuid: string;
  readonly direction: "inbound" | "outbound";
  readonly maxRequests: number;
  readonly startedAt = Date.now();
  /** Internal "hang up now" switch: the caller (options.signal, a "hangup" script entry) or Plivo. */
  readonly hang = new AbortController();
  readonly result: CallResult;
  simMs = 0;
  step = "answer";
  dialIndex = 0;

  constructor(readonly options: SimulateCallOptions) {
    this.clock = options.clock ?? realClock;
    this.scale = options.timeScale ?? 1;
    if (!(this.scale > 0)) throw new Error("timeScale must be > 0");
    this.direction = options.direction ?? "inbound";
    this.callUuid = options.callUuid ?? randomUuid();
    this.maxRequests = options.maxRequests ?? 100;
    this.result = {
      callUuid: this.callUuid,
      direction: this.direction,
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
  }

  emit(event: SimEventBody) {
    const full: SimEvent = { ...event, at: Math.round(this.simMs) };
    this.result.events.push(full);
    this.options.onEvent?.(full);
  }

  enterStep(next: string) {
    this.step = next;
    if (this.result.steps[this.result.steps.length - 1] !== next) {
      this.result.steps.push(next);
      this.emit({ type: "step", step: next });
    }
  }

  hangupReason(): CallEnded {
    const reason: unknown = this.hang.signal.reason;
    return reason instanceof CallEnded ? reason : new CallEnded("NORMAL_CLEARING", "Caller");
  }

  /**
   * Waits `seconds` of simulated time (scaled); throws CallEnded if the call ends meanwhile. `interrupt` (a key
   * pressed during a prompt) ends the wait early without ending the call.
   */
  async sleepSim(seconds: number, interrupt?: AbortSignal) {
    if (interrupt?.aborted) return;
    const t0 = this.clock.now();
    try {
      await this.clock.sleep(seconds * 1000 * this.scale, interrupt ? AbortSignal.any([this.hang.signal, interrupt]) : this.hang.signal);
      this.simMs += seconds * 1000;
    } catch {
      this.simMs += (this.clock.now() - t0) / this.scale;
      if (this.hang.signal.aborted || !interrupt?.aborted) throw this.hangupReason();
    }
  }

  baseParams(callStatus = "in-progress"): Record<string, string> {
    const o = this.options;
    const p: Record<string, string> = { CallUUID: this.callUuid, From: o.from, To: o.to, CallStatus: callStatus, Direction: this.direction };
    if (this.direction === "outbound") {
      p.ALegUUID = this.callUuid;
      p.ALegRequestUUID = o.requestUuid ?? this.callUuid;
    }
    return p;
  }

  /** One webhook request; non-200 and transport failures become SimulatorErrors carrying the response. */
  async send(request: WebhookRequest, final = false): Promise<WebhookResponse> {
    this.result.requests += 1;
    if (this.result.requests > this.maxRequests && !final) {
      throw new SimulatorError("loop-limit", `more than ${this.maxRequests} requests in one call (redirect loop?)`, request);
    }
    this.emit({ type: "request", step: stepOf(request.url), url: request.url, method: request.method, params: request.params });
    const t0 = this.clock.now();
    let response: WebhookResponse;
    try {
      response = await this.options.transport(request);
    } catch (e) {
      throw new SimulatorError("transport", `request failed: ${e instanceof Error ? e.message : String(e)}`, request);
    } finally {
      this.simMs += this.clock.now() - t0;
    }
    this.emit({ type: "response", url: request.url, status: response.status, ms: this.clock.now() - t0 });
    if (response.status !== 200) {
      throw new SimulatorError("http-status", `${request.method} ${request.url} answered ${response.status}`, request, response);
    }
    return response;
  }

  /** A request whose answer is Plivo XML to execute next. */
  async fetchXml(request: WebhookRequest): Promise<PlivoElement[]> {
    const response = await this.send(request);
    try {
      const elements = parsePlivoXml(response.body);
      validate(elements);
      return elements;
    } catch (e) {
      if (e instanceof PlivoXmlError) throw new SimulatorError("malformed-xml", e.message, request, response);
      if (e instanceof SimulatorError) throw new SimulatorError(e.kind, e.message, request, response);
      throw e;
    }
  }

  /** A notification whose answer does not control the call (callbackUrl, hangup_url): failures are recorded. */
  async notify(request: WebhookRequest, final = false) {
    try {
      await this.send(request, final);
    } catch (e) {
      if (!(e instanceof SimulatorError)) throw e;
      this.fail(e);
    }
  }

  fail(error: SimulatorError) {
    this.result.errors.push(error);
    this.emit({ type: "error", error: error.toJSON() });
  }

  /** The caller hears a Speak or a Play: through `media` in real time, or paced in simulated time. */
  async hear(item: MediaItem, interrupt?: AbortSignal) {
    if (item.kind === "speak") {
      this.result.heard.push(item.text);
      this.emit({ type: "speak", text: item.text, language: item.language, voice: item.voice });
    } else {
      this.result.heard.push(item.url);
      this.emit({ type: "play", url: item.url });
    }
    const t0 = this.clock.now();
    const playing = this.options.media?.(item, this.hang.signal) ?? null;
    if (playing) {
      try {
        await playing;
      } finally {
        this.simMs += this.clock.now() - t0; // real playback is real time, whatever the time scale
      }
      if (this.hang.signal.aborted) throw this.hangupReason();
    } else if (item.kind === "play") {
      await this.sleepSim(this.options.playSeconds ?? 2, interrupt);
    } else {
      // A caller cannot press before the prompt is said: paced speech gives a keypad (or a test) that time.
      const seconds = this.options.speakSeconds?.(item.text) ?? 0;
      if (seconds > 0) await this.sleepSim(seconds, interrupt);
    }
  }
}
