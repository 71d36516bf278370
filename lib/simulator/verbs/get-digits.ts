// <GetDigits>: say the nested prompts, then collect keys with Plivo's timeouts, retries, validDigits and
// finishOnKey, and post them to the action (or move on to the next element when nothing valid was pressed).
import { CallEnded, type CallSession, type Next } from "../call-session";
import type { PlivoElement } from "../parse-plivo-xml";
import type { WebhookRequest } from "../transport";
import { boolAttr, intAttr, methodAttr } from "../xml-attrs";
import { speakOrPlay, waitEl } from "./media";

export async function getDigits(s: CallSession, el: PlivoElement, docUrl: string): Promise<Next> {
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
    s.emit({ type: "prompt", attempt, of: retries, timeoutSeconds: timeout, numDigits, validDigits, action });
    if (s.options.caller.beginPrompt({ step: s.step, attempt, prompts, numDigits, validDigits, finishOnKey }) === "hangup") {
      throw new CallEnded("NORMAL_CLEARING", "Caller");
    }
    let digits = "";
    const bargeIn = s.options.caller.bargeIn?.(); // a key cuts the prompt short, even mid-sentence
    try {
      for (const child of el.children) {
        if (s.options.caller.hasPendingKey?.()) break; // barge-in: a key press cuts the prompt short
        if (child.name === "Wait") await waitEl(s, child, bargeIn);
        else await speakOrPlay(s, child, bargeIn);
      }
      // Up to `timeout` for the first key, then `digitTimeout` between keys; finishOnKey submits and is dropped.
      if (!s.options.caller.hasPendingKey?.()) s.emit({ type: "awaiting-key", timeoutSeconds: timeout });
      let wait = timeout;
      while (digits.length < numDigits) {
        const t0 = s.clock.now();
        let key: string | null;
        try {
          key = await s.options.caller.nextKey(wait * 1000 * s.scale, s.hang.signal);
        } catch {
          s.simMs += (s.clock.now() - t0) / s.scale;
          throw s.hangupReason();
        }
        s.simMs += key === null ? wait * 1000 : (s.clock.now() - t0) / s.scale;
        if (key === null) break;
        if (finishOnKey && key === finishOnKey) break;
        digits += key;
        wait = digitTimeout;
      }
    } finally {
      s.options.caller.endPrompt?.();
    }
    if (digits === "") {
      s.emit({ type: "no-input", attempt });
      continue;
    }
    const valid = [...digits].every((d) => validDigits.includes(d));
    s.emit({ type: "digits", digits, valid });
    if (!valid) {
      // As Plivo (FreeSWITCH play_and_get_digits): an invalid entry plays invalidDigitsSound and uses up a try.
      if (el.attrs.invalidDigitsSound) await s.hear({ kind: "play", url: el.attrs.invalidDigitsSound });
      continue;
    }
    s.result.pressed.push(digits);
    const request: WebhookRequest = { url: action, method, params: { ...s.baseParams(), Digits: digits } };
    if (redirect) return { kind: "goto", request };
    await s.fetchXml(request); // redirect="false": request the URL, ignore its XML, go on with the next element
    return { kind: "continue" };
  }
  return { kind: "continue" }; // no (valid) input after every try: Plivo moves on to the next element
}
