// Record transcriptionUrl (#18, English only): Plivo posts `transcription`, `recording_id`, `call_uuid`, `duration`
// (snake_case, unlike the other callbacks, so not through ivrRoute's CallUUID schema). Signed like every webhook:
// 403 before anything is read further; a malformed body is a 400; the first transcription of a recording is kept.
import { z } from "zod";
import { getDb } from "../db/client";
import { log } from "../log";
import { readPlivoWebhook } from "../telephony/webhook";
import { storeTranscription } from "./store-voicemail";

const blank = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

export const transcriptionParams = z.object({
  recording_id: z.string().trim().regex(/^[A-Za-z0-9_.:-]{1,100}$/, "recording_id must be Plivo's recording id"),
  transcription: z.preprocess(blank, z.string().max(20_000).optional()),
  call_uuid: z.preprocess(blank, z.string().max(100).optional()),
  error: z.preprocess(blank, z.string().max(500).optional()),
});

const text = (body: string, status: number) => new Response(body, { status, headers: { "content-type": "text/plain; charset=utf-8" } });

export async function transcriptionHandler(request: Request): Promise<Response> {
  try {
    const verified = await readPlivoWebhook(request);
    if (!verified.ok) return verified.response;
    const parsed = transcriptionParams.safeParse(verified.webhook.params);
    if (!parsed.success) {
      log.warn({ route: "voicemail-transcription", issues: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`) }, "transcription callback rejected");
      return text("Bad Request", 400);
    }
    const { recording_id: recordingId, transcription, error } = parsed.data;
    if (!transcription) {
      log.info({ recordingId, error: error ?? null }, "transcription callback without text");
      return text("OK", 200);
    }
    const stored = await storeTranscription(await getDb(), recordingId, transcription);
    log.info({ recordingId, stored }, "voicemail transcription");
    return text("OK", 200);
  } catch (err) {
    log.error({ route: "voicemail-transcription", err: err instanceof Error ? err.message : String(err) }, "transcription callback failed");
    return text("Error", 500);
  }
}
