// The built-in call simulator: plays Plivo's part against our own webhooks. It requests the answer URL, executes
// the Plivo XML it gets back (the elements our IVR emits: Speak, Play, Wait, GetDigits, Dial/Number, Redirect,
// Hangup) with Plivo's semantics, posts the parameters Plivo posts, simulates the agent leg of a Dial and ends with
// the hangup callback. Runs unchanged in Node and the browser: the HTTP transport is injected.
// The parts: call-session.ts (state, time, requests), verbs/ (one file per element), xml-attrs.ts, types.ts.
import { CallEnded, CallSession, stepOf } from "./call-session";
import { SimulatorError } from "./errors";
import type { WebhookRequest } from "./transport";
import type { CallResult, HangupSource, SimulateCallOptions } from "./types";
import { execute } from "./verbs/execute";

export type { CallResult, DialContext, MediaItem, SimEvent, SimEventBody, SimulateCallOptions } from "./types";
export { stepOf } from "./call-session";
export { speechSeconds } from "./verbs/media";

function plivoTime(ms: number): string {
  return new Date(ms).toISOString().replace("T", " ").slice(0, 19);
}

/** Runs one call to its end. Never throws for protocol problems: they are in `errors` and outcome "failed". */
export async function simulateCall(options: SimulateCallOptions): Promise<CallResult> {
  const s = new CallSession(options);
  const { result } = s;
  const onOuterAbort = () => s.hang.abort(new CallEnded("NORMAL_CLEARING", "Caller"));
  if (options.signal?.aborted) onOuterAbort();
  options.signal?.addEventListener("abort", onOuterAbort, { once: true });

  try {
    let request: WebhookRequest | null = { url: options.answerUrl, method: "POST", params: s.baseParams() };
    while (request) {
      s.enterStep(stepOf(request.url));
      const elements = await s.fetchXml(request);
      const next = await execute(s, elements, request.url);
      request = next.kind === "goto" ? next.request : null;
    }
    // The document ran out: Plivo hangs up.
    result.hangupCause = "NORMAL_CLEARING";
    result.hangupSource = "Plivo";
  } catch (e) {
    if (e instanceof CallEnded) {
      result.hangupCause = e.hangupCause;
      result.hangupSource = e.source;
    } else if (e instanceof SimulatorError) {
      s.fail(e);
      result.hangupCause = "NORMAL_CLEARING";
      result.hangupSource = "Error";
    } else {
      s.fail(new SimulatorError("transport", `simulator failure: ${e instanceof Error ? e.message : String(e)}`));
      result.hangupSource = "Error";
    }
  } finally {
    options.signal?.removeEventListener("abort", onOuterAbort);
  }

  result.durationSeconds = Math.max(1, Math.round(s.simMs / 1000)); // whole seconds, as Plivo reports them
  s.emit({ type: "hangup", cause: result.hangupCause, source: result.hangupSource as HangupSource });
  if (!s.hang.signal.aborted) s.hang.abort(new CallEnded(result.hangupCause, "Plivo"));
  if (options.hangupUrl) {
    const endedAt = s.startedAt + s.simMs;
    await s.notify(
      {
        url: options.hangupUrl,
        method: "POST",
        params: {
          ...s.baseParams("completed"),
          Event: "Hangup",
          Duration: String(result.durationSeconds),
          BillDuration: String(result.durationSeconds),
          HangupCause: result.hangupCause,
          HangupSource: result.hangupSource,
          StartTime: plivoTime(s.startedAt),
          AnswerTime: plivoTime(s.startedAt), // the simulator answers at once
          EndTime: plivoTime(endedAt),
        },
      },
      true, // the hangup callback is always sent, even past the loop limit, so the server can close the call
    );
  }
  result.outcome = result.errors.length > 0 ? "failed" : "completed";
  return result;
}
