// The self-hosted maintenance loop (instrumentation.ts starts it in every `next start` / `npm run serve` worker;
// Vercel uses its cron route instead). Every TICK_MS each process offers to run each due job; a per-job lease row
// (lease.ts) lets exactly one process run a given round, so N workers do not all reconcile. The first tick runs at
// start-up: after a crash and restart, the dead holder's lease expires within one interval and a live process takes
// the next round, so recovery starts within max(interval, tick) (under a minute with the defaults).
import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import { getDb, type Db } from "../db/client";
import { log } from "../log";
import { maintenanceJobs, type MaintenanceJob } from "./jobs";
import { tryAcquireLease } from "./lease";

export const TICK_MS = 5_000;

/** One round: run every job whose lease this process wins. Returns the names it ran (for tests and logs). */
export async function runDueJobs(db: Db, jobs: MaintenanceJob[], holder: string, now = new Date()): Promise<string[]> {
  const ran: string[] = [];
  for (const job of jobs) {
    if (job.everyMs <= 0) continue; // switched off
    try {
      if (!(await tryAcquireLease(db, { name: job.name, holder, ttlMs: job.everyMs, now }))) continue;
      const started = performance.now();
      const result = await job.run(db, now);
      ran.push(job.name);
      log.info({ job: job.name, ms: Math.round(performance.now() - started), result }, "maintenance job ran");
    } catch (err) {
      // A failed round is retried by whoever holds the next lease; never let it take the server down.
      log.error({ job: job.name, err: err instanceof Error ? err.message : String(err) }, "maintenance job failed");
    }
  }
  return ran;
}

let timer: NodeJS.Timeout | undefined;

/** Start the loop once per process; returns a stop function. */
export function startMaintenance(opts: { jobs?: MaintenanceJob[]; tickMs?: number; db?: () => Promise<Db> } = {}): () => void {
  if (timer) return stopMaintenance;
  const holder = `${hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`;
  const jobs = opts.jobs ?? maintenanceJobs();
  const openDb = opts.db ?? getDb;
  let running = false;
  const tick = async () => {
    if (running) return; // a slow round never overlaps the next in this process
    running = true;
    try {
      await runDueJobs(await openDb(), jobs, holder);
    } catch (err) {
      log.error({ err: err instanceof Error ? err.message : String(err) }, "maintenance tick failed");
    } finally {
      running = false;
    }
  };
  void tick();
  timer = setInterval(() => void tick(), opts.tickMs ?? TICK_MS);
  timer.unref(); // never keeps a process alive on its own
  log.info({ holder, jobs: jobs.map((j) => ({ name: j.name, everyMs: j.everyMs })) }, "maintenance scheduler started");
  return stopMaintenance;
}

export function stopMaintenance(): void {
  if (timer) clearInterval(timer);
  timer = undefined;
}
