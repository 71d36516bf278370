// Wires the callback dispatcher (lib/routing/callbacks/dispatch-callbacks.ts) to this deployment: outbound calls go
// through placeCall (toll-fraud rules; Plivo, or the simulator without credentials) with the leg's own webhook URLs.
// triggerCallbackDispatch runs a round after the response, when an agent may have freed up or a callback was asked
// for; rounds in one process never overlap (a trigger during a round asks for one more round after it).
import type { Db } from "../db/client";
import { log } from "../log";
import { dispatchCallbacks, type DispatchOptions } from "../routing/callbacks/dispatch-callbacks";
import { defer } from "./defer";
import { ivrUrl } from "./ivr-url";

export function liveDispatchOptions(): DispatchOptions {
  return {
    defer,
    // Loaded when a call is placed: place-call.ts is server-only (the Plivo client and its credentials), and this
    // module is imported by every IVR step, including from plain-Node tools such as the chaos test's server.
    place: async (to, leg) => (await import("../telephony/place-call")).placeCall(to, { leg }),
    legUrls: (leg) => ({
      answerUrl: ivrUrl("/ivr/callback/answer", { leg }),
      hangupUrl: ivrUrl("/ivr/callback/hangup", { leg }),
      machineDetectionUrl: ivrUrl("/ivr/callback/machine", { leg }),
    }),
  };
}

const state = new WeakMap<Db, { running: boolean; again: boolean }>();

/** One dispatch round now (the scheduler's job), never two at once in this process. */
export async function runCallbackDispatch(db: Db): Promise<void> {
  const s = state.get(db) ?? { running: false, again: false };
  state.set(db, s);
  if (s.running) {
    s.again = true;
    return;
  }
  s.running = true;
  try {
    do {
      s.again = false;
      await dispatchCallbacks(db, liveDispatchOptions());
    } while (s.again);
  } catch (err) {
    log.error({ err: err instanceof Error ? err.message : String(err) }, "callback dispatch failed; the scheduler retries");
  } finally {
    s.running = false;
  }
}

export function triggerCallbackDispatch(db: Db): void {
  defer(() => runCallbackDispatch(db));
}

const HOLD_NUDGE_MS = 2_000;
const lastNudge = new WeakMap<Db, number>();

/**
 * From the hold loop: a live caller may be held behind a due callback while an agent sits free (a wrap-up that ran
 * out, where no webhook marks the moment). At most one nudge per HOLD_NUDGE_MS per process, so a busy queue adds
 * no more than one cheap indexed query every two seconds (and on Vercel, with no scheduler, the line keeps moving).
 */
export function nudgeCallbackDispatchFromHold(db: Db, now = Date.now()): void {
  if (now - (lastNudge.get(db) ?? 0) < HOLD_NUDGE_MS) return;
  lastNudge.set(db, now);
  triggerCallbackDispatch(db);
}
