// How long to wait before starting a helper thread again after it died (the WAL checkpoint thread, the realtime
// publishing thread): RESTART_DELAY_MS, doubling with each death the owner counts as a repeat, at most
// RESTART_MAX_MS. The owner says when a thread proved healthy (reset), so one that can never start is not retried,
// and logged, every few seconds forever.

/** The first wait after a thread died. */
export const RESTART_DELAY_MS = 5_000;
/** The longest wait. */
export const RESTART_MAX_MS = 60_000;

export type RestartBackoff = {
  /** The wait before the next start; each call doubles the one after it (up to the maximum). */
  next(): number;
  /** The thread proved healthy: the next wait is the first one again. */
  reset(): void;
};

export function restartBackoff(delayMs = RESTART_DELAY_MS, maxMs = RESTART_MAX_MS): RestartBackoff {
  let failures = 0;
  return {
    next: () => Math.min(delayMs * 2 ** failures++, maxMs),
    reset: () => {
      failures = 0;
    },
  };
}
