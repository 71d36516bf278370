// <Record> (#18 voicemail), as Plivo runs it for a message: a beep, then the caller "speaks" for recordSeconds
// (simulated) unless they press finishOnKey first or maxLength runs out; then, like Plivo, the callbackUrl gets the
// finished file's parameters, the transcriptionUrl (when transcriptionType is set) a transcription, and the action
// URL the same recording parameters, whose XML continues the call. RecordUrl points at SIMULATED_RECORDING_PATH on
// the document's origin, which the app's media route serves as a generated WAV in local mode.
import { randomUuid, type CallSession, type Next } from "../call-session";
import type { PlivoElement } from "../parse-plivo-xml";
import type { WebhookRequest } from "../transport";
import { boolAttr, intAttr, methodAttr } from "../xml-attrs";

export const SIMULATED_RECORDING_PATH = "/simulator/recordings/";
export const DEFAULT_RECORD_SECONDS = 3;
export const SIMULATED_TRANSCRIPTION = "Hello, this is a simulated voicemail. Please call me back. Thank you.";

export async function record(s: CallSession, el: PlivoElement, docUrl: string): Promise<Next> {
  const action = el.attrs.action || docUrl;
  const method = methodAttr(el);
  const maxLength = intAttr(el, "maxLength", 60, 1);
  const finishOnKey = el.attrs.finishOnKey ?? "#";
  const fileFormat = el.attrs.fileFormat === "wav" ? "wav" : "mp3";
  const redirect = boolAttr(el, "redirect", true);
  const speakFor = Math.min(s.options.recordSeconds ?? DEFAULT_RECORD_SECONDS, maxLength);

  s.enterStep("voicemail");
  if (boolAttr(el, "playBeep", true)) s.emit({ type: "record", state: "beep", maxLength });
  // The keypad is live while recording, for finishOnKey; a scripted caller's entry for this step: keys or "wait".
  if (s.options.caller.beginPrompt({ step: s.step, attempt: 1, prompts: [], numDigits: 1, validDigits: finishOnKey, finishOnKey }) === "hangup") {
    s.options.caller.endPrompt?.();
    s.emit({ type: "record", state: "finished", seconds: 0, maxLength });
    return { kind: "continue" };
  }
  const before = s.simMs;
  try {
    let left = speakFor;
    while (left > 0) {
      const t0 = s.clock.now();
      let key: string | null;
      try {
        key = await s.options.caller.nextKey(left * 1000 * s.scale, s.hang.signal);
      } catch {
        s.simMs += (s.clock.now() - t0) / s.scale;
        throw s.hangupReason();
      }
      const spent = key === null ? left : (s.clock.now() - t0) / s.scale / 1000;
      s.simMs += spent * 1000;
      left -= spent;
      if (key !== null && finishOnKey.includes(key)) break;
    }
  } finally {
    s.options.caller.endPrompt?.();
  }
  const durationMs = Math.max(1000, Math.round(s.simMs - before));
  const seconds = Math.round(durationMs / 1000);
  s.emit({ type: "record", state: "finished", seconds, maxLength });

  const recordingId = randomUuid();
  const endMs = Date.now();
  const recording: Record<string, string> = {
    ...s.baseParams(),
    RecordUrl: `${new URL(docUrl).origin}${SIMULATED_RECORDING_PATH}${recordingId}.${fileFormat}`,
    RecordingID: recordingId,
    RecordingDuration: String(seconds),
    RecordingDurationMs: String(durationMs),
    RecordingStartMs: String(endMs - durationMs),
    RecordingEndMs: String(endMs),
  };
  const callbackUrl = el.attrs.callbackUrl;
  if (callbackUrl) await s.notify({ url: callbackUrl, method: methodAttr(el, "callbackMethod"), params: recording });
  const transcriptionUrl = el.attrs.transcriptionUrl;
  if (transcriptionUrl && el.attrs.transcriptionType) {
    await s.notify({
      url: transcriptionUrl,
      method: methodAttr(el, "transcriptionMethod"),
      params: { transcription: SIMULATED_TRANSCRIPTION, recording_id: recordingId, call_uuid: s.callUuid, duration: String(seconds), transcription_charge: "0", transcription_rate: "0" },
    });
  }
  const request: WebhookRequest = { url: action, method, params: recording };
  if (redirect) return { kind: "goto", request };
  await s.fetchXml(request);
  return { kind: "continue" };
}
