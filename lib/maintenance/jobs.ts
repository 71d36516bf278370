// The maintenance jobs a long-running server runs on its own (Vercel runs the same through its cron route). Adding
// a job is one entry here, e.g. `{ name: "prune", everyMs: 3_600_000, run: (db) => pruneOnce(db) }` for #13's pruner.
import type { Db } from "../db/client";
import { env } from "../env";
import { pruneReceipts } from "../ivr/with-receipt";
import { reconcile } from "../routing";
import { plivoLiveCallUuids } from "../telephony/live-calls";

export type MaintenanceJob = {
  name: string;
  /** How often it runs across all processes (one lease per round). */
  everyMs: number;
  run: (db: Db) => Promise<unknown>;
};

export function maintenanceJobs(): MaintenanceJob[] {
  const config = env();
  return [
    {
      name: "reconcile",
      everyMs: config.recovery.intervalSeconds * 1000,
      run: (db) => reconcile(db, new Date(), { liveCallUuids: plivoLiveCallUuids(config) }),
    },
    { name: "prune-receipts", everyMs: 60 * 60 * 1000, run: (db) => pruneReceipts(db) },
  ];
}
