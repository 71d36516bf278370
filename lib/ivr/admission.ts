// Admission for Plivo webhooks: at most `limit` steps run at once in this server process; the others wait their turn
// in arrival order (a FIFO semaphore from async-mutex). ivrRoute admits a request once its body is read and its
// signature checked, so a slow-bodied or forged request never holds a place; the wait holds no database connection.
//
// Why: one Node process has one event loop. Unbounded, every webhook in flight shares it, so under load each of a
// step's statements waits behind all the others' work: on PostgreSQL a routing decision's 2-3 round trips took
// 100-240 ms at 50 callers instead of ~8 ms, the agent claim's row stayed contested that long, and a step with five
// statements waited five times. Admitted in order, a running step finishes in about its own time and the wait moves
// to the front, where it holds nothing. README "PostgreSQL over a network", sixth pass, has the measurements.
//
// A step that runs longer than `leaseMs` (a database call that hangs) gives its place to the next webhook but keeps
// running, so one stuck step cannot stall every caller behind it.
//
// Off unless WEBHOOK_CONCURRENCY is set (lib/env-defaults.ts says why): at saturation it also cost 7 % of calls/s.
import { Semaphore } from "async-mutex";
import { env } from "../env";
import { log } from "../log";

export type AdmissionStats = {
  limit: number;
  running: number;
  waiting: number;
  /** Since the gate was made or its counts were last reset. */
  admitted: number;
  leasesExpired: number;
  peakWaiting: number;
  waitedMsTotal: number;
  longestWaitMs: number;
};

export type AdmissionGate = {
  run<T>(work: () => Promise<T>): Promise<T>;
  stats(): AdmissionStats;
  /** Starts the counts over (running and waiting stay as they are). */
  resetCounts(): void;
};

/** How long a step may hold its place before the next webhook is let in anyway. */
export const ADMISSION_LEASE_MS = 10_000;

export function createAdmissionGate(limit: number, leaseMs = ADMISSION_LEASE_MS): AdmissionGate {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`admission limit must be a whole number >= 1, got ${limit}`);
  const semaphore = new Semaphore(limit);
  const counts = { running: 0, waiting: 0, admitted: 0, leasesExpired: 0, peakWaiting: 0, waitedMsTotal: 0, longestWaitMs: 0 };
  return {
    async run<T>(work: () => Promise<T>): Promise<T> {
      const arrived = performance.now();
      const queued = semaphore.isLocked(); // every place taken: this one waits its turn
      if (queued) counts.peakWaiting = Math.max(counts.peakWaiting, ++counts.waiting);
      const [, release] = await semaphore.acquire();
      if (queued) counts.waiting--;
      const waited = performance.now() - arrived;
      counts.waitedMsTotal += waited;
      counts.longestWaitMs = Math.max(counts.longestWaitMs, waited);
      counts.running++;
      counts.admitted++;
      let held = true;
      const free = () => {
        if (!held) return;
        held = false;
        counts.running--;
        release();
      };
      const lease = setTimeout(() => {
        counts.leasesExpired++;
        log.warn({ leaseMs, limit }, "webhook still running after its lease; the next one is let in");
        free();
      }, leaseMs);
      lease.unref();
      try {
        return await work();
      } finally {
        clearTimeout(lease);
        free();
      }
    },
    stats: () => ({ limit, ...counts }),
    resetCounts: () => Object.assign(counts, { admitted: 0, leasesExpired: 0, peakWaiting: counts.waiting, waitedMsTotal: 0, longestWaitMs: 0 }),
  };
}

// One gate per process, on globalThis: Next bundles each route with its own copy of this module.
const g = globalThis as unknown as { ivrAdmission?: AdmissionGate | null };

function processGate(): AdmissionGate | null {
  if (g.ivrAdmission === undefined) {
    const limit = env().webhookConcurrency;
    g.ivrAdmission = limit > 0 ? createAdmissionGate(limit) : null;
  }
  return g.ivrAdmission;
}

/** Runs a webhook through this process's gate (WEBHOOK_CONCURRENCY; 0 runs it at once). */
export function admitted<T>(work: () => Promise<T>): Promise<T> {
  const gate = processGate();
  return gate ? gate.run(work) : work();
}

/** This process's gate's counts, or null without a limit (the bench reads and resets them through /bench/statements). */
export function admissionStats(): AdmissionStats | null {
  return processGate()?.stats() ?? null;
}

export function resetAdmissionStats(): void {
  processGate()?.resetCounts();
}
