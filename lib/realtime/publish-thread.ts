// The server's side of the publishing thread (publish-worker.ts). On a long-running server the webhooks keep the
// main event loop busy, and every Pusher round trip waited behind them: under load a signal took ~50 ms (p99
// ~110 ms) to reach the dashboard. The main thread now only stamps a signal and posts it; batching, packing and
// the HTTP requests run on the worker's own event loop. publish() settles when the worker reports the batch sent.
//
// Signals go to the worker a batch at a time, not one message each (issue #20): each message wakes the worker thread,
// and on the busy 2-core bench machine that cost the main thread ~0.5 ms per signal (8 % of its CPU, ~1.5 signals
// per webhook). A batch goes at the end of the event-loop turn, or as soon as its first signal has waited
// MAX_HOLD_MS: a saturated server's turn runs dozens of requests, and holding signals to its end added ~100 ms to the
// dashboards' latency (p50) under the bench.
import { Worker } from "node:worker_threads";
import type { RealtimeEventName, RealtimeSignal } from "./events";
import { log } from "../log";
import { RESTART_DELAY_MS, RESTART_MAX_MS, restartBackoff } from "../restart-backoff";

/** One signal for the worker; `id` names it in the receipt (a signal's seq is only unique within its channel). */
export type ThreadSignal = { id: number; name: RealtimeEventName; signal: RealtimeSignal; channel: string };
/** What the main thread posts: the signals of one event-loop turn, in publish order. */
export type ThreadMessage = ThreadSignal[];
/** What the worker reports back, per signal: its id and whether its request succeeded. */
export type ThreadReceipt = [id: number, sent: boolean];
/** How long a signal may wait for more to share its message before the batch goes without waiting for the turn's end. */
export const MAX_HOLD_MS = 5;

type Enqueue = (name: RealtimeEventName, signal: RealtimeSignal, channel: string) => Promise<RealtimeSignal | null>;

const warn = ({ msg, ...fields }: { msg: string } & Record<string, unknown>) => log.warn(fields, msg);

/**
 * Start the worker; null if it cannot start. If it dies later, its unconfirmed signals settle as not sent (the
 * dashboard re-fetches on the gap in seq) and `onFail` lets the caller go back to sending on this thread.
 */
export function startPublishThread(
  onFail: () => void,
  // Next bundles the worker from this exact expression; tests start the TypeScript file with a loader instead.
  spawn: () => Worker = () => new Worker(new URL("./publish-worker.ts", import.meta.url)),
): Enqueue | null {
  let worker: Worker;
  try {
    worker = spawn();
  } catch (err) {
    warn({ msg: "realtime publishing thread did not start; publishing on the main thread", error: String(err) });
    return null;
  }
  worker.unref(); // never keeps the server alive on its own
  // Keyed by our own id: keyed by seq, a floor signal and an agent-channel signal with the same number overwrote each
  // other and one publish never settled (the after() work awaiting it stayed pending for good).
  const pending = new Map<number, { signal: RealtimeSignal; settle: (sent: RealtimeSignal | null) => void }>();
  let nextId = 0;
  let failed = false;
  let turn: ThreadMessage = [];
  let heldSince = 0;
  worker.on("message", (receipts: ThreadReceipt[]) => {
    for (const [id, sent] of receipts) {
      const waiting = pending.get(id);
      if (!waiting) continue;
      pending.delete(id);
      waiting.settle(sent ? waiting.signal : null);
    }
  });
  const fail = (reason: string) => {
    if (failed) return;
    failed = true;
    warn({ msg: "realtime publishing thread stopped; publishing on the main thread", reason, unconfirmed: pending.size });
    for (const waiting of pending.values()) waiting.settle(null);
    pending.clear();
    onFail();
  };
  worker.on("error", (err) => fail(String(err)));
  worker.on("exit", (code) => fail(`exit code ${code}`));
  const post = () => {
    if (turn.length === 0) return; // already sent by the hold limit
    const batch = turn;
    turn = [];
    if (!failed) worker.postMessage(batch satisfies ThreadMessage); // once failed, fail() has settled them
  };
  return (name, signal, channel) =>
    new Promise((settle) => {
      if (failed) return settle(null);
      const id = ++nextId;
      pending.set(id, { signal, settle });
      turn.push({ id, name, signal, channel });
      if (turn.length === 1) {
        heldSince = performance.now();
        setImmediate(post); // the rest of this turn's signals join the same message
      } else if (performance.now() - heldSince >= MAX_HOLD_MS) {
        post();
      }
    });
}

/**
 * The publishing thread, kept running: `current()` starts it on first use; when it dies, signals go back to the main
 * thread (`current()` is null) and it is started again after RESTART_DELAY_MS, doubling while it keeps dying soon
 * after each start (at most RESTART_MAX_MS). A thread that cannot start at all (`start` gives null) is not retried.
 */
export function restartingPublishThread(
  start: (onFail: () => void) => Enqueue | null,
  { delayMs = RESTART_DELAY_MS, maxMs = RESTART_MAX_MS, now = Date.now } = {},
): { current(): Enqueue | null; restarts(): number } {
  let thread: Enqueue | null | undefined; // undefined: start on next use
  let startedAt = 0;
  let restarts = 0;
  const backoff = restartBackoff(delayMs, maxMs);
  const onFail = () => {
    thread = null;
    // A thread that lived the longest wait or more died afresh; one that died soon after its start waits longer.
    if (now() - startedAt >= maxMs) backoff.reset();
    const wait = backoff.next();
    warn({ msg: "realtime publishing thread will be started again", inMs: wait });
    setTimeout(() => {
      restarts++;
      thread = undefined;
    }, wait).unref();
  };
  return {
    current: () => {
      if (thread === undefined) {
        startedAt = now();
        thread = start(onFail);
      }
      return thread;
    },
    restarts: () => restarts,
  };
}
