// The server's side of the publishing thread (publish-worker.ts). On a long-running server the webhooks keep the
// main event loop busy, and every Pusher round trip waited behind them: under load a signal took ~50 ms (p99
// ~110 ms) to reach the dashboard. The main thread now only stamps a signal and posts it; batching, packing and
// the HTTP requests run on the worker's own event loop. publish() settles when the worker reports the batch sent.
import { Worker } from "node:worker_threads";
import type { RealtimeEventName, RealtimeSignal } from "./events";
import { log } from "../log";

export type ThreadMessage = { name: RealtimeEventName; signal: RealtimeSignal; channel: string };
/** What the worker reports back, per signal: its seq and whether its request succeeded. */
export type ThreadReceipt = [seq: number, sent: boolean];
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
  const pending = new Map<number, { signal: RealtimeSignal; settle: (sent: RealtimeSignal | null) => void }>();
  let failed = false;
  worker.on("message", (receipts: ThreadReceipt[]) => {
    for (const [seq, sent] of receipts) {
      const waiting = pending.get(seq);
      if (!waiting) continue;
      pending.delete(seq);
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
  return (name, signal, channel) =>
    new Promise((settle) => {
      if (failed) return settle(null);
      pending.set(signal.seq, { signal, settle });
      worker.postMessage({ name, signal, channel } satisfies ThreadMessage);
    });
}
