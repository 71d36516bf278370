// What goes wrong between the simulator and our webhooks. Every failure names the request and, when there was
// one, the response that caused it, so a developer sees the offending XML instead of a silent skip.
import type { WebhookRequest, WebhookResponse } from "./transport";

export type SimulatorErrorKind =
  | "http-status" // a webhook answered something other than 200
  | "malformed-xml" // the body is not well-formed Plivo XML
  | "unknown-element" // an element Plivo (or this simulator) does not execute
  | "invalid-attribute" // an attribute value Plivo would reject
  | "transport" // the request itself failed (connection refused, relay refused, ...)
  | "loop-limit"; // too many requests in one call: a redirect loop

export class SimulatorError extends Error {
  constructor(
    public readonly kind: SimulatorErrorKind,
    message: string,
    public readonly request?: WebhookRequest,
    public readonly response?: WebhookResponse,
  ) {
    super(message);
    this.name = "SimulatorError";
  }

  /** A plain object for logs, JSON output and React state. */
  toJSON() {
    return {
      kind: this.kind,
      message: this.message,
      request: this.request ? { method: this.request.method, url: this.request.url } : undefined,
      response: this.response ? { status: this.response.status, body: this.response.body.slice(0, 2000) } : undefined,
    };
  }
}

export type SimulatorErrorJson = ReturnType<SimulatorError["toJSON"]>;
