// What a caller hears after hours and while leaving a voicemail (#18): pure renderers beside responses.ts, so the
// flow in lib/ivr/flow/after-hours.ts and voicemail.ts decides and these only build Plivo XML with the SDK.
import { env } from "../env";
import { ivrUrl } from "./ivr-url";
import { newXmlResponse } from "./plivo-xml";
import { promptsFor } from "./prompts";
import { DIGIT_TIMEOUT_SECONDS, type Lead, type Voice } from "./responses";

/** Plivo transcribes recordings in English only (Record transcriptionType docs). */
export function transcribes(v: Voice): boolean {
  return v.locale.toLowerCase().startsWith("en");
}

/**
 * The line is closed: say so (first time only), then offer voicemail. Every key reaches us (no validDigits), so a
 * wrong key is asked again while silence (the fallback Redirect, noinput=1) says goodbye.
 */
export function renderAfterHoursOffer(v: Voice, opts: { closedText: string | null; attempt: number; lead?: Lead }): string {
  const p = promptsFor(v.code);
  const r = newXmlResponse();
  const say = { language: v.locale, voice: v.voice };
  const g = r.addGetDigits({
    action: ivrUrl("/ivr/after-hours", { a: opts.attempt }),
    method: "POST",
    timeout: DIGIT_TIMEOUT_SECONDS,
    numDigits: 1,
    retries: 1,
  });
  if (opts.closedText) g.addSpeak(opts.closedText, say);
  if (opts.lead === "invalid") g.addSpeak(p.invalidOption, say);
  g.addSpeak(p.voicemailOffer, say);
  r.addRedirect(ivrUrl("/ivr/after-hours", { a: opts.attempt, noinput: 1 }), { method: "POST" });
  return r.toXML();
}

/**
 * Record the message: a beep, up to VOICEMAIL_MAX_SECONDS, # to finish. Plivo requests the action with the
 * recording when it ends (the caller's call continues with its answer) and the callbackUrl once the file is ready;
 * both store it, keyed by RecordingID, so either alone is enough and a retry of either changes nothing.
 */
export function renderRecordVoicemail(v: Voice, callUuid: string): string {
  const p = promptsFor(v.code);
  const r = newXmlResponse();
  const say = { language: v.locale, voice: v.voice };
  r.addSpeak(p.voicemailInstructions, say);
  r.addRecord({
    action: ivrUrl("/ivr/voicemail-done"),
    method: "POST",
    maxLength: env().voicemail.maxSeconds,
    playBeep: true,
    finishOnKey: "#",
    fileFormat: "mp3",
    redirect: true,
    // The call's id rides in the (signed) URL too: the callback is matched to its call even if Plivo's body for it
    // lacked CallUUID (its docs list only the recording's fields); when the body has it, the body's value wins.
    callbackUrl: ivrUrl("/ivr/voicemail-recorded", { CallUUID: callUuid }),
    callbackMethod: "POST",
    ...(transcribes(v) ? { transcriptionType: "auto" as const, transcriptionUrl: ivrUrl("/ivr/voicemail-transcription"), transcriptionMethod: "POST" as const } : {}),
  });
  // Reached only if Plivo moves past Record without requesting the action: never leave the caller in silence.
  r.addSpeak(p.voicemailThanks, say);
  r.addHangup();
  return r.toXML();
}
