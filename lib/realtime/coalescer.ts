// Per-tab coalescing of the partial re-fetches a dashboard makes for floor signals: keys ("agent:<id>", "queue", ...)
// gathered during a short window go out as one request; at most one request is in flight, and keys that arrive
// meanwhile wait for the next one (merged, each once). A burst of 200 signals a second is then at most one small
// fetch per window per tab instead of one page render per burst. Timers are injectable for tests.

export type CoalescerTimers = {
  setTimeout: (fn: () => void, ms: number) => unknown;
  clearTimeout: (handle: unknown) => void;
};

export type Coalescer = {
  /** Adds keys to the next fetch (and starts its window if none is running). */
  add: (keys: Iterable<string>) => void;
  /** Keys waiting for the next fetch (not the one in flight). */
  pending: () => ReadonlySet<string>;
  /** Drops pending keys and stops the timer; a fetch in flight finishes but starts no follow-up. */
  dispose: () => void;
};

export function createCoalescer(opts: {
  windowMs: number;
  run: (keys: ReadonlySet<string>) => Promise<unknown>;
  timers?: CoalescerTimers;
}): Coalescer {
  const timers = opts.timers ?? { setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms), clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof setTimeout>) };
  let pending = new Set<string>();
  let timer: unknown = null;
  let inFlight = false;
  let disposed = false;

  const arm = () => {
    if (disposed || timer !== null || inFlight || pending.size === 0) return;
    timer = timers.setTimeout(fire, opts.windowMs);
  };
  const fire = () => {
    timer = null;
    const keys = pending;
    pending = new Set();
    inFlight = true;
    // A failed fetch loses nothing for good: the page's periodic or on-reconnect full refresh heals it.
    void Promise.resolve()
      .then(() => opts.run(keys))
      .catch(() => undefined)
      .finally(() => {
        inFlight = false;
        arm();
      });
  };

  return {
    add(keys) {
      if (disposed) return;
      for (const k of keys) pending.add(k);
      arm();
    },
    pending: () => pending,
    dispose() {
      disposed = true;
      pending = new Set();
      if (timer !== null) timers.clearTimeout(timer);
      timer = null;
    },
  };
}
