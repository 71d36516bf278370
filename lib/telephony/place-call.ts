// Outbound calls from the dashboard. With Plivo credentials the call is placed through the SDK's calls.create;
// Plivo then requests our answer URL (the IVR's first level) and reports the end on the hangup URL. Without
// credentials the built-in simulator plays Plivo's part: the supervisor is sent to its phone page, which drives
// the same webhooks.
import "server-only";
import * as plivo from "plivo";
import { env, type Env } from "../env";
import { log } from "../log";
import { checkDestination } from "./outbound-policy";
import { DestinationRefused, PlaceCallError } from "./place-call-errors";

/** The one SDK method used, so tests can hand in a fake client. */
export type PlivoCallsClient = {
  calls: {
    create(from: string, to: string, answerUrl: string, params?: Record<string, unknown>): Promise<{ requestUuid: string | string[]; message: string }>;
  };
};

export type PlaceCallResult = { mode: "plivo"; requestUuid: string; message: string } | { mode: "simulator"; phoneUrl: string };

// The error classes live in their own module (no server-only import), so code that only needs to recognise them (the
// callback dispatcher, which plain-Node scripts and test servers load) does not pull in the Plivo client.
export { DestinationRefused, PlaceCallError } from "./place-call-errors";

/** Seconds Plivo lets the dialled phone ring before giving up. */
const RING_TIMEOUT_SECONDS = 45;

/**
 * Where Plivo asks for the call's XML and reports its end. Default: the IVR's first level and the shared hangup URL
 * (start a call). A queued callback (#18) passes its own leg URLs and asks for machine detection: Plivo hangs up on
 * an answering machine (machine_detection=hangup) and tells machineDetectionUrl (Machine=true), so the attempt
 * counts as not reached and is retried.
 */
export type CallLeg = { answerUrl: string; hangupUrl: string; machineDetectionUrl?: string };

/** Milliseconds Plivo listens before deciding human or machine (SDK: 2000-10000, default 5000). */
export const MACHINE_DETECTION_MS = 5000;

export async function placeCall(to: string, deps: { env?: Env; client?: PlivoCallsClient; leg?: CallLeg } = {}): Promise<PlaceCallResult> {
  const config = deps.env ?? env();
  // Every call the product places passes the toll-fraud rules here, whoever the caller is.
  const destination = checkDestination(to, config.security);
  if (!destination.allowed) {
    log.warn({ reason: destination.reason, callingCode: destination.callingCode, type: destination.type }, "outbound call refused");
    throw new DestinationRefused(destination.reason, destination.message);
  }
  if (!config.plivo.configured || !config.plivo.fromNumber) {
    return { mode: "simulator", phoneUrl: `/phone?${new URLSearchParams({ to }).toString()}` };
  }
  const client: PlivoCallsClient = deps.client ?? new plivo.Client(config.plivo.authId, config.plivo.authToken);
  const base = config.publicBaseUrl;
  try {
    const leg = deps.leg ?? { answerUrl: `${base}/ivr/start`, hangupUrl: `${base}/plivo/callback` };
    const response = await client.calls.create(config.plivo.fromNumber, to, leg.answerUrl, {
      answerMethod: "POST",
      hangupUrl: leg.hangupUrl,
      hangupMethod: "POST",
      ringTimeout: RING_TIMEOUT_SECONDS,
      ...(leg.machineDetectionUrl
        ? { machineDetection: "hangup", machineDetectionTime: MACHINE_DETECTION_MS, machineDetectionUrl: leg.machineDetectionUrl, machineDetectionMethod: "POST" }
        : {}),
    });
    const requestUuid = Array.isArray(response.requestUuid) ? response.requestUuid[0] : response.requestUuid;
    if (!requestUuid) throw new Error(`Plivo returned no request_uuid: ${response.message}`);
    return { mode: "plivo", requestUuid, message: response.message };
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    log.error({ to, error: detail }, "plivo calls.create failed");
    throw new PlaceCallError(detail, "Plivo did not accept the call. Check the number and the account's balance and geo permissions, then try again.");
  }
}
