// #18 voicemail: record a message (Plivo <Record>), store it when Plivo reports the recording (the Record action and
// its callbackUrl both do, keyed by RecordingID), and thank the caller. startVoicemail is also the entry point for
// any other step that wants to offer voicemail (e.g. a long estimated wait): redirect the call to
// /ivr/voicemail?lang=<code> (POST, Plivo's usual call parameters).
import type { Call } from "../../generated/prisma/client";
import { log } from "../../log";
import { storeVoicemail } from "../../voicemail/store-voicemail";
import { moveCall, voiceOf } from "../call-store";
import { newXmlResponse } from "../plivo-xml";
import { promptsFor } from "../prompts";
import { renderSayAndHangup, type Voice } from "../responses";
import { renderRecordVoicemail } from "../voicemail-responses";
import { callVoice, restartAtLanguage, type FlowContext, stepCall, existingCall } from "./shared";

export async function recordVoicemail(ctx: FlowContext, call: Call, voice: Voice, from: string): Promise<string> {
  // Leaving the queue too, when a waiting caller chose voicemail: IN_IVR is not QUEUED, so routing skips the call.
  await moveCall(ctx.db, call, { step: "VOICEMAIL", status: "IN_IVR" }, [{ type: "voicemail.started", detail: { from, language: voice.code } }]);
  return renderRecordVoicemail(voice, ctx.params.CallUUID);
}

/** /ivr/voicemail?lang=xx: straight to the recording (the language preset when the call has none yet). */
export async function startVoicemail(ctx: FlowContext, presetLanguage: string | undefined): Promise<string> {
  const { db } = ctx;
  let { call } = await stepCall(ctx);
  if (presetLanguage && !call.languageCode && (await voiceOf(db, presetLanguage))) {
    call = await moveCall(db, call, { data: { languageCode: presetLanguage } }, [{ type: "language.preset", detail: { language: presetLanguage } }]);
  }
  const voice = await callVoice(db, call);
  if (!voice) return restartAtLanguage(ctx, call, "voicemail without a language");
  return recordVoicemail(ctx, call, voice, call.step === "QUEUE" ? "queue" : call.step.toLowerCase());
}

function recordingOf(ctx: FlowContext) {
  const { RecordUrl, RecordingID, RecordingDuration } = ctx.params;
  return RecordUrl && RecordingID ? { recordingUrl: RecordUrl, recordingId: RecordingID, durationSeconds: RecordingDuration ?? 0 } : null;
}

/** Record action: the caller finished (#, silence or maxLength). Store the message, thank them, hang up. */
export async function voicemailDone(ctx: FlowContext): Promise<string> {
  const { db } = ctx;
  const { call } = await stepCall(ctx);
  const voice = await callVoice(db, call);
  const recording = recordingOf(ctx);
  const stored = recording ? await storeVoicemail(db, { call, ...recording }) : false;
  await moveCall(db, call, { step: "DONE" }, [
    { type: recording ? "voicemail.recorded" : "voicemail.empty", detail: { recordingId: recording?.recordingId ?? null, seconds: recording?.durationSeconds ?? null, stored } },
  ]);
  if (!voice) {
    const r = newXmlResponse();
    r.addHangup();
    return r.toXML();
  }
  return renderSayAndHangup(voice, promptsFor(voice.code).voicemailThanks);
}

/** Record callbackUrl: the file is ready. Stored once per RecordingID whatever Plivo retries; Plivo ignores our body. */
export async function voicemailRecorded(ctx: FlowContext): Promise<string> {
  const recording = recordingOf(ctx);
  const call = await existingCall(ctx);
  if (!recording || !call) {
    log.warn({ callUuid: ctx.params.CallUUID, hasRecording: Boolean(recording), knownCall: Boolean(call) }, "recording callback ignored");
  } else {
    await storeVoicemail(ctx.db, { call, ...recording });
  }
  return newXmlResponse().toXML();
}
