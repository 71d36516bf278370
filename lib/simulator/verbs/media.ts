// <Speak>, <Play> and <Wait>: what the caller hears, and silence.
import { type CallSession } from "../call-session";
import { SimulatorError } from "../errors";
import type { PlivoElement } from "../parse-plivo-xml";
import { intAttr } from "../xml-attrs";

/** About how long a text-to-speech voice takes to say `text`: 150 words a minute, at least half a second. */
export function speechSeconds(text: string): number {
  const words = text.split(/\s+/).filter(Boolean).length;
  return Math.max(0.5, Math.round((words / 2.5) * 10) / 10);
}

export async function speakOrPlay(s: CallSession, el: PlivoElement, interrupt?: AbortSignal) {
  const loop = Math.max(1, intAttr(el, "loop", 1, 0)); // loop="0" (forever) is heard once here
  for (let i = 0; i < loop && !interrupt?.aborted; i++) {
    if (el.name === "Speak") {
      await s.hear({ kind: "speak", text: el.text, language: el.attrs.language ?? "en-US", voice: el.attrs.voice ?? "WOMAN" }, interrupt);
    } else {
      if (!el.text) throw new SimulatorError("invalid-attribute", "<Play> without a URL");
      await s.hear({ kind: "play", url: el.text }, interrupt);
    }
  }
}

export async function waitEl(s: CallSession, el: PlivoElement, interrupt?: AbortSignal) {
  const length = intAttr(el, "length", 1, 1);
  s.emit({ type: "wait", seconds: length });
  await s.sleepSim(length, interrupt);
}
