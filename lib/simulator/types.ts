// The simulator's public shapes: how a call is started (options), what the caller notices (events) and what the
// call came to (result). simulate-call.ts runs a call; call-session.ts and verbs/ are its parts.
import type { AgentBehaviour } from "./agent-behaviour";
import type { Caller } from "./callers";
import type { Clock } from "./clock";
import type { SimulatorError, SimulatorErrorJson } from "./errors";
import type { HttpMethod, Transport } from "./transport";

export type HangupSource = "Caller" | "Plivo" | "Answer XML" | "Error";

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
  /** #18: simulated seconds the caller speaks into a <Record> before going quiet (default 3; finishOnKey ends it sooner). */
  recordSeconds?: number;
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
  | { type: "record"; state: "beep" | "finished"; seconds?: number; maxLength: number }
  | { type: "hangup"; cause: string; source: HangupSource }
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
