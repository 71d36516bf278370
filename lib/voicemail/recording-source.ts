// Where a stored recording URL may be played from (#18): in local mode the simulator's URLs on our own base URL
// (generated audio), else only Plivo's media hosts over https. Anything else is never fetched.
import { env } from "../env";
import { SIMULATED_RECORDING_PATH } from "./simulated-audio";

export type RecordingSource = { kind: "simulated" } | { kind: "plivo"; url: string } | null;

/** Where a stored recording URL may be played from; null for anything else. */
export function recordingSource(recordingUrl: string, config = env()): RecordingSource {
  let u: URL;
  try {
    u = new URL(recordingUrl);
  } catch {
    return null;
  }
  if (!config.plivo.configured && recordingUrl.startsWith(`${config.publicBaseUrl}${SIMULATED_RECORDING_PATH}`)) return { kind: "simulated" };
  if (u.protocol === "https:" && (u.hostname === "plivo.com" || u.hostname.endsWith(".plivo.com"))) return { kind: "plivo", url: u.toString() };
  return null;
}

