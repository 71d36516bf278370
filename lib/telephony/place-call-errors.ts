// Why placeCall (place-call.ts) did not place a call: the message for logs and the one for the person who asked.
import type { DestinationRefusal } from "./outbound-policy";

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
