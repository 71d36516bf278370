// Stores webhook receipts' answers after the response (with-receipt.ts), many per statement (issue #20): at most one
// store in flight per process; answers produced meanwhile wait and go together in the next statement. Under load a
// busy floor's stores become a few statements a second instead of one per caller webhook, which on PostgreSQL frees
// pooled connections for the webhooks callers are waiting on. Idle, an answer is stored at once (a batch of one).
//
// A failed statement is retried with the whole batch after RETRY_DELAYS_MS; after the last retry the batch is
// dropped with an error log: the receipts stay pending, and a redelivery after PENDING_TAKEOVER_MS runs the step again
// (as after a crash mid-step). Every waiter is told when its answer landed or was given up.
import { log } from "../log";

export type AnswerBatch = Array<{ key: string; xml: string }>;
export type AnswerStoreOptions = {
  /** Writes one batch (one statement). */
  write: (batch: AnswerBatch) => Promise<void>;
  /** Delays before each retry of a failed batch. */
  retryDelaysMs: readonly number[];
  /** Most answers per statement (each is two bound parameters). */
  maxBatch?: number;
  sleep?: (ms: number) => Promise<void>;
};

export type AnswerStore = {
  /** Queue an answer; resolves true once stored, false if given up. Never rejects. */
  store(key: string, xml: string): Promise<boolean>;
  /** Answers queued or being written (tests, diagnostics). */
  pending(): number;
};

export const DEFAULT_MAX_BATCH = 200;

export function createAnswerStore(opts: AnswerStoreOptions): AnswerStore {
  const maxBatch = opts.maxBatch ?? DEFAULT_MAX_BATCH;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  // Per key the latest answer (a step taken over and run again replaces its answer) and who waits for it.
  const queue = new Map<string, { xml: string; waiters: Array<(stored: boolean) => void> }>();
  let inFlight = 0;
  let flushing = false;

  async function writeWithRetries(batch: AnswerBatch): Promise<boolean> {
    for (let attempt = 0; ; attempt++) {
      try {
        await opts.write(batch);
        return true;
      } catch (err) {
        const delay = opts.retryDelaysMs[attempt];
        if (delay === undefined) {
          log.error(
            { answers: batch.length, err: err instanceof Error ? err.message : String(err) },
            "webhook receipt answers not stored; a redelivery will run their steps again",
          );
          return false;
        }
        await sleep(delay);
      }
    }
  }

  async function flush(): Promise<void> {
    flushing = true;
    try {
      while (queue.size > 0) {
        const taken = [...queue].slice(0, maxBatch);
        for (const [key] of taken) queue.delete(key);
        inFlight = taken.length;
        const stored = await writeWithRetries(taken.map(([key, v]) => ({ key, xml: v.xml })));
        inFlight = 0;
        for (const [, v] of taken) for (const w of v.waiters) w(stored);
      }
    } finally {
      flushing = false;
    }
  }

  return {
    store(key, xml) {
      return new Promise<boolean>((resolve) => {
        const entry = queue.get(key);
        if (entry) {
          entry.xml = xml;
          entry.waiters.push(resolve);
        } else queue.set(key, { xml, waiters: [resolve] });
        if (!flushing) void flush();
      });
    },
    pending: () => queue.size + inFlight,
  };
}
