// The maintenance jobs a long-running server runs on its own (Vercel runs the same through its cron routes): reconcile,
// retention (lib/retention, bounded batches), webhook nonces past the replay window, run-out wrap-ups and the
// analytics rollup of closed days (lib/dashboard/analytics-rollup.ts).
import type { Db } from "../db/client";
import { env } from "../env";
import { sweepExpiredWrapUps } from "../agent-state/transitions";
import { runCallbackDispatch } from "../ivr/callback-dispatch";
import { rollupAnalytics } from "../dashboard/analytics-rollup";
import { pruneInWorker } from "../retention";
import { reconcile } from "../routing";
import { plivoLiveCallUuids } from "../telephony/live-calls";
import { pruneWebhookNonces } from "../telephony/replay-guard";

export type MaintenanceJob = {
  name: string;
  /** How often it runs across all processes (one lease per round). */
  everyMs: number;
  /** `now`: when the round started (the lease's clock). */
  run: (db: Db, now: Date) => Promise<unknown>;
};

export function maintenanceJobs(): MaintenanceJob[] {
  const config = env();
  return [
    {
      name: "reconcile",
      everyMs: config.recovery.intervalSeconds * 1000,
      run: (db) => reconcile(db, new Date(), { liveCallUuids: plivoLiveCallUuids(config) }),
    },
    // Receipts, events, state history, decisions and assignments past retention, on a worker thread with its own
    // connection (lib/retention/run-in-worker.ts) so no webhook waits for the pass's event-loop time; a pass stops
    // after 20 s and the next round goes on (`more`).
    { name: "prune", everyMs: 15 * 60 * 1000, run: (db, now) => pruneInWorker(db, { now, timeBudgetMs: 20_000 }) },
    { name: "prune-nonces", everyMs: 60 * 60 * 1000, run: (db) => pruneWebhookNonces(db) },
    // Routing already treats a run-out wrap-up as available; this records the change for the board and the history.
    { name: "wrap-up-sweep", everyMs: 15 * 1000, run: (db) => sweepExpiredWrapUps(db) },
    // #18: call back the head-of-line callbacks when an agent can be claimed (also nudged by hangups and requests).
    { name: "callback-dispatch", everyMs: config.callback.dispatchIntervalSeconds * 1000, run: (db) => runCallbackDispatch(db) },
    // Analytics rollup (DailyCallStats): the last two closed days again (late ratings) plus up to 60 missing days,
    // within 20 s; the analytics page reads closed days from it and computes today live.
    { name: "analytics-rollup", everyMs: 10 * 60 * 1000, run: (db) => rollupAnalytics(db, { maxDays: 60, timeBudgetMs: 20_000 }) },
  ];
}
