// A pruning pass off the server's event loop. better-sqlite3 is synchronous and Prisma plans every statement in
// WebAssembly (~200 µs of CPU each), so on the server's own thread each batch holds the event loop as well as the
// lock, and its WAL checkpoints would too. pruneInWorker runs the same pruneOnce in a worker thread with its own
// connection; the server's thread only waits for one message. (Measured at 1 M calls: the checkpoints moved into the
// pass's thread were the clear gain; README "Measured", bench:data fourth pass.)
//
// The worker file is plain JavaScript found by path from the project root (process.cwd(), where `next start`,
// `npm run serve`, vitest and the scripts all run). Where it is missing (a serverless bundle that did not ship it)
// the pass runs in-process as before, in the same bounded batches. Vercel's cron route prunes in-process on purpose:
// a function serves one request at a time, so there is no webhook on its event loop to delay.
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { Worker } from "node:worker_threads";
import type { Db } from "../db/client";
import { env } from "../env";
import { log } from "../log";
import { pruneOnce, type PruneOptions, type PruneResult } from "./prune";

export const PRUNE_WORKER_FILE = "lib/retention/prune-worker.mjs";

export type WorkerPruneResult = PruneResult & {
  /** Where the pass ran: its own thread, or this one (no worker file). */
  ranIn: "worker" | "process";
  /** Worker start-up (loading the pass, connecting) before its first batch, milliseconds. */
  startMs: number;
};

/** One pruning pass on a worker thread; `db` is used only if the worker file is missing. */
export async function pruneInWorker(db: Db, opts: PruneOptions & { databaseUrl?: string } = {}): Promise<WorkerPruneResult> {
  const { databaseUrl = env().databaseUrl, ...rest } = opts;
  // SQLite: the worker checkpoints the WAL after each batch (PASSIVE: writers go on meanwhile), so no webhook's
  // commit is the one that crosses the 1,000-page auto-checkpoint mark and copies the pass's pages on the server's
  // thread. At 1 M calls a checkpoint took up to 661 ms (in the worker); without them a concurrent insert waited
  // up to 625 ms, with them 86-95 ms (README "Retention"). On the server's own thread each checkpoint would hold the
  // event loop instead (up to 378 ms measured), so pruneOnce leaves them off by default.
  const options: PruneOptions = { ...rest, checkpointEveryBatch: rest.checkpointEveryBatch ?? true };
  // turbopackIgnore: the bundler neither follows this path (it would bundle the worker and tsx, esbuild's binary
  // included, and fail) nor traces the whole project because of it.
  const file = resolve(/* turbopackIgnore: true */ process.cwd(), PRUNE_WORKER_FILE);
  if (!existsSync(file)) {
    log.warn({ file }, "pruning worker not found; pruning on this thread");
    return { ...(await pruneOnce(db, rest)), ranIn: "process", startMs: 0 };
  }
  const started = performance.now();
  const result = await new Promise<PruneResult>((done, fail) => {
    let answer: PruneResult | undefined;
    // The worker gets its own copy of process.env (env() there reads the same retention settings).
    const worker = new Worker(/* webpackIgnore: true */ file, { workerData: { databaseUrl, options } });
    worker.once("message", (m: PruneResult) => (answer = m));
    worker.once("error", fail); // a throw in the pass (e.g. the database gone) rejects with its error
    worker.once("exit", (code) => (answer ? done(answer) : fail(new Error(`pruning worker exited with code ${code} and no result`))));
  });
  return { ...result, ranIn: "worker", startMs: Math.max(0, Math.round(performance.now() - started - result.ms)) };
}
