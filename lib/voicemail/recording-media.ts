// GET /api/voicemail/<id>/audio: the only way the dashboard reaches a recording. A supervisor session is required
// (401 without, before any database read of the voicemail); the recording is then proxied from Plivo (with the
// account's credentials, so Plivo's "secure media" setting works too) or, in local mode, generated. The page never
// sees the Plivo URL, and only Plivo's media hosts are fetched (the stored URL came from a signed webhook, but a
// server-side fetch of an arbitrary URL is not a risk to take).
import "server-only";
import { currentSupervisor, unauthorized } from "../auth/session";
import { getDb } from "../db/client";
import { env } from "../env";
import { log } from "../log";
import { recordingSource } from "./recording-source";
import { simulatedRecordingWav } from "./simulated-audio";

const json = (error: string, status: number) => Response.json({ error }, { status });
const ID = /^[A-Za-z0-9_-]{1,64}$/;

export async function voicemailAudio(request: Request, id: string): Promise<Response> {
  if (!(await currentSupervisor())) return unauthorized();
  if (!ID.test(id)) return json("Not a voicemail id.", 400);
  const voicemail = await (await getDb()).voicemail.findUnique({ where: { id }, select: { recordingUrl: true, durationSeconds: true } });
  if (!voicemail) return json("Voicemail was not found.", 404);
  const source = recordingSource(voicemail.recordingUrl);
  const headers = { "cache-control": "private, no-store", "x-content-type-options": "nosniff" };
  if (!source) return json("This recording is not on a host we play from.", 404);
  if (source.kind === "simulated") {
    const wav = simulatedRecordingWav(voicemail.durationSeconds);
    return new Response(wav, { headers: { ...headers, "content-type": "audio/wav", "content-length": String(wav.byteLength) } });
  }
  const config = env();
  const upstreamHeaders: Record<string, string> = {};
  const range = request.headers.get("range");
  if (range && /^bytes=\d*-\d*$/.test(range)) upstreamHeaders.range = range; // seeking in the player
  if (config.plivo.authId) upstreamHeaders.authorization = `Basic ${Buffer.from(`${config.plivo.authId}:${config.plivo.authToken}`).toString("base64")}`;
  const upstream = await fetch(source.url, { headers: upstreamHeaders, redirect: "follow", signal: AbortSignal.timeout(15_000) }).catch((err: unknown) => {
    log.warn({ id, err: err instanceof Error ? err.message : String(err) }, "recording fetch failed");
    return null;
  });
  if (!upstream || (upstream.status !== 200 && upstream.status !== 206) || !upstream.body) {
    log.warn({ id, status: upstream?.status ?? null }, "recording not available from Plivo");
    return json("The recording is not available right now.", 502);
  }
  const out: Record<string, string> = { ...headers, "content-type": upstream.headers.get("content-type") ?? "audio/mpeg" };
  for (const h of ["content-length", "content-range", "accept-ranges"]) {
    const value = upstream.headers.get(h);
    if (value) out[h] = value;
  }
  return new Response(upstream.body, { status: upstream.status, headers: out });
}
