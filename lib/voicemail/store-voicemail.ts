// One Voicemail row per Plivo recording: the Record action and its callbackUrl both report it, and Plivo may retry
// either, so the insert is keyed on the unique RecordingID and a repeat does nothing (ON CONFLICT DO NOTHING).
import type { Db } from "../db/client";
import { direct } from "../db/direct";
import { sortableId } from "../db/sql";
import type { Call } from "../generated/prisma/client";
import { defer } from "../ivr/defer";
import { publish } from "../realtime/publish";

export type RecordingReport = { recordingId: string; recordingUrl: string; durationSeconds: number };

/** True when this report stored the message (false: it was already stored). */
export async function storeVoicemail(db: Db, input: RecordingReport & { call: Pick<Call, "id" | "callUuid" | "languageCode"> }): Promise<boolean> {
  const now = new Date();
  const inserted = await direct(db).$executeRaw`
    INSERT INTO "Voicemail" ("id", "callId", "languageCode", "recordingId", "recordingUrl", "durationSeconds", "createdAt")
    VALUES (${sortableId()}, ${input.call.id}, ${input.call.languageCode}, ${input.recordingId}, ${input.recordingUrl},
      ${Math.max(0, Math.round(input.durationSeconds))}, ${now})
    ON CONFLICT ("recordingId") DO NOTHING`;
  // The voicemail list refreshes on the call's signal (lib/dashboard/live-sync-policy.ts).
  if (inserted > 0) defer(() => publish("call.changed", { callId: input.call.id, callUuid: input.call.callUuid, step: "VOICEMAIL" }));
  return inserted > 0;
}

/** Plivo's transcription (English only) arrives minutes later; the first one for a recording is kept. */
export async function storeTranscription(db: Db, recordingId: string, text: string): Promise<boolean> {
  const updated = await direct(db).$executeRaw`
    UPDATE "Voicemail" SET "transcription" = ${text} WHERE "recordingId" = ${recordingId} AND "transcription" IS NULL`;
  return updated > 0;
}
