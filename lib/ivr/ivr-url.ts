// Absolute webhook URLs for the XML we answer. Plivo needs absolute URLs, and the signature it sends is computed
// over exactly this URL, so it is always built from PUBLIC_BASE_URL, never from the incoming request.
import { env } from "../env";

export type IvrPath =
  | "/ivr/start"
  | "/ivr/language"
  | "/ivr/menu"
  | "/ivr/action"
  | "/ivr/queue"
  | "/ivr/dial-result"
  | "/ivr/dial-events"
  | "/ivr/feedback"
  // #18 after hours and voicemail (lib/ivr/flow/after-hours.ts, voicemail.ts)
  | "/ivr/after-hours"
  | "/ivr/voicemail"
  | "/ivr/voicemail-done"
  | "/ivr/voicemail-recorded"
  | "/ivr/voicemail-transcription"
  | "/ivr/callback/answer"
  | "/ivr/callback/hangup"
  | "/ivr/callback/machine"
  | "/plivo/callback";

export function ivrUrl(path: IvrPath, query: Record<string, string | number | undefined> = {}): string {
  const u = new URL(`${env().publicBaseUrl}${path}`);
  for (const [k, v] of Object.entries(query)) if (v !== undefined) u.searchParams.set(k, String(v));
  return u.toString();
}

/** A file under public/, as an absolute URL Plivo can fetch. */
export function publicAssetUrl(path: string): string {
  return `${env().publicBaseUrl}${path}`;
}
