// Outbound calls from the dashboard. With Plivo credentials the call is placed through the SDK's calls.create;
// Plivo then requests our answer URL (the IVR's first level) and reports the end on the hangup URL. Without
// credentials the built-in simulator plays Plivo's part: the supervisor is sent to its phone page, which drives
// the same webhooks.
import "server-only";
import * as plivo from "plivo";
import { env, type Env } from "../env";
import { log } from "../log";
import { checkDestination, type DestinationRefusal } from "./outbound-policy";

/** The one SDK method used, so tests can hand in a fake client. */
export type PlivoCallsClient = {
  calls: {
    create(from: string, to: string, answerUrl: string, params?: Record<string, unknown>): Promise<{ requestUuid: string | string[]; message: string }>;
  };
};

export type PlaceCallResult = { mode: "plivo"; requestUuid: string; message: string } | { mode: "simulator"; phoneUrl: string };

export class PlaceCallError extends Error {
  constructor(
    message: string,
    readonly userMessage: string,
  ) {
    super(message);
    this.name = "PlaceCallError";
  }
}

/** The destination broke the toll-fraud rules (outbound-policy.ts): nothing was sent to Plivo. */
export class DestinationRefused extends PlaceCallError {
  constructor(
    readonly reason: DestinationRefusal,
    userMessage: string,
  ) {
    super(`destination refused: ${reason}`, userMessage);
    this.name = "DestinationRefused";
  }
}

/** Seconds Plivo lets the dialled phone ring before giving up. */
const RING_TIMEOUT_SECONDS = 45;

export async function placeCall(to: string, deps: { env?: Env; client?: PlivoCallsClient } = {}): Promise<PlaceCallResult> {
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
    const response = await client.calls.create(config.plivo.fromNumber, to, `${base}/ivr/start`, {
      answerMethod: "POST",
      hangupUrl: `${base}/plivo/callback`,
      hangupMethod: "POST",
      ringTimeout: RING_TIMEOUT_SECONDS,
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
