// How the browser phone presents the simulator's events: the IVR level of a prompt, transcript lines, the clock,
// and what the caller hears through speech synthesis or an <audio> element.
import { describeAgent } from "@/lib/simulator/agent-behaviour";
import { stepOf, type MediaItem, type SimEvent } from "@/lib/simulator/simulate-call";

/** One line of "what the caller hears". */
export type TranscriptEntry = { kind: string; text: string; lang?: string };

/** A GetDigits attempt the caller can answer now. `seq` counts prompts, so a tester can tell one re-ask from the next. */
export type Listening = { seq: number; level: string; attempt: number; of: number; validDigits: string; timeoutSeconds: number; awaiting: boolean };

// The IVR level a prompt belongs to, from the GetDigits action it will post to.
const LEVEL_BY_ACTION: Record<string, string> = { language: "language", action: "menu", feedback: "rating" };
export const LEVEL_LABEL: Record<string, string> = { language: "Language (level 1)", menu: "Menu (level 2)", rating: "Rating (level 3)", offer: "Message offer", queue: "Hold (1: call me back)" };

export function promptLevel(action: string): string {
  const step = stepOf(action);
  if (step === "action" && /[?&]offer=1/.test(action)) return "offer";
  return LEVEL_BY_ACTION[step] ?? step;
}

export const ENDED_BY: Record<string, string> = { Caller: "you hung up", "Answer XML": "the IVR hung up", Plivo: "the call flow finished", Error: "stopped on an error" };

// Until the answer shows more (a prompt, a Dial, the message), the step is the level the webhook serves.
export const STEP_BY_WEBHOOK: Record<string, string> = { start: "greeting", action: "menu", "dial-result": "agent", feedback: "rating", "after-hours": "after hours", "voicemail-done": "voicemail" };

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

export function clockText(seconds: number) {
  const s = Math.max(0, Math.floor(seconds));
  return `${String(Math.floor(s / 60)).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}`;
}

/** What the caller hears, spoken with the browser's voice or played through an <audio> element. */
export function playMedia(item: MediaItem, signal: AbortSignal): Promise<void> {
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

export function describeEvent(e: SimEvent): TranscriptEntry | null {
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
    case "record":
      return { kind: "wait", text: e.state === "beep" ? `Beep — recording your message (up to ${e.maxLength}s, # to finish)` : `Message recorded (${e.seconds}s)` };
    case "hangup":
      return { kind: "hangup", text: `Call ended: ${e.cause} (${e.source})` };
    case "error":
      return { kind: "error", text: `${e.error.kind}: ${e.error.message}` };
    default:
      return null;
  }
}
