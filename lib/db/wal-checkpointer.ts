// SQLite's WAL checkpoints off the server's event loop (issue #20, fifth pass).
//
// In WAL mode every commit appends pages to the -wal file, and SQLite copies them back into the database file (a
// checkpoint, with an fsync) inside whichever COMMIT crosses 1,000 frames. better-sqlite3 is synchronous, so that
// COMMIT holds the server's one thread: measured under the bench (50 callers), 80 of 6,295 commits in 22 s took over
// 1 ms, 18.6 ms on average, 1.5 s of the thread in all, plus as much again in single-statement writes that crossed the
// mark. Here the main connection turns its auto-checkpoint off and a thread of its own (wal-checkpoint-worker.mjs,
// its own connection) runs a PASSIVE checkpoint every `intervalMs`: it copies what no reader still needs and never
// waits for or blocks a writer, so the server keeps committing while the copy and the fsync run on another core.
//
// Recovery: if the thread dies (an error on its connection, a crash), the main connection turns SQLite's own
// auto-checkpoint back on at once, so the WAL never grows without bound, and the thread is started again after
// `restartDelayMs` (doubling while it keeps failing, at most a minute); once it is up, the main connection hands
// checkpoints back to it.
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { Worker } from "node:worker_threads";
import { log } from "../log";
import { RESTART_DELAY_MS, restartBackoff } from "../restart-backoff";

export const WAL_CHECKPOINT_WORKER_FILE = "lib/db/wal-checkpoint-worker.mjs";
/** SQLite's default auto-checkpoint mark, in WAL frames (pages): what the main connection falls back to. */
export const SQLITE_AUTOCHECKPOINT_FRAMES = 1000;

/** One PASSIVE checkpoint: `log` frames in the WAL, `checkpointed` of them copied into the database file. */
export type CheckpointResult = { busy: boolean; log: number; checkpointed: number; ms: number };

export type CheckpointerStats = {
  /** Checkpoints the thread ran that copied frames (and ticks), and the longest of them in ms (off the server's thread). */
  checkpoints: number;
  longestMs: number;
  /** Times the thread died and checkpoints went back to the server's thread until it was restarted. */
  restarts: number;
};

export type WalCheckpointer = {
  /** "thread" while the thread checkpoints; "inline" while SQLite does it on the server's thread (thread down). */
  mode(): "thread" | "inline";
  stats(): CheckpointerStats;
  /** Resolves when the thread is up and the main connection has handed checkpoints to it. */
  ready(): Promise<void>;
  /** Tests: one checkpoint now, its result. */
  tick(): Promise<CheckpointResult>;
  /** Tests: stop / start the periodic checkpoints (the main connection still leaves them to the thread). */
  pause(): void;
  resume(): void;
  /** Tests: end the thread as a crash would (recovery then runs as for a real one). */
  crash(): Promise<void>;
  /** Stop the thread for good and give checkpoints back to SQLite on the main connection. */
  stop(): Promise<void>;
};

/** Runs a PRAGMA on the server's connection (the Prisma client the app uses: the same connection and lock). */
export type PragmaRunner = { $queryRawUnsafe(sql: string): Promise<unknown> };

/**
 * Start checkpointing `databaseUrl` (a file: URL) on a thread of its own. Returns null where there is nothing to do
 * (an in-memory database) or the worker file is missing (a bundle that did not ship it): SQLite then keeps
 * checkpointing inline as it always does.
 */
export function startWalCheckpointer(
  main: PragmaRunner,
  databaseUrl: string,
  { intervalMs = 250, restartDelayMs = RESTART_DELAY_MS }: { intervalMs?: number; restartDelayMs?: number } = {},
): WalCheckpointer | null {
  // The same path the better-sqlite3 adapter opens: the URL without its scheme, relative to the working directory.
  const file = databaseUrl.replace(/^file:/, "");
  if (file === "" || file.startsWith(":memory:")) return null;
  // turbopackIgnore: the bundler must neither follow nor bundle the worker (see lib/retention/run-in-worker.ts).
  const workerFile = resolve(/* turbopackIgnore: true */ process.cwd(), WAL_CHECKPOINT_WORKER_FILE);
  if (!existsSync(workerFile)) {
    log.warn({ workerFile }, "WAL checkpoint thread not found; SQLite checkpoints on the server's thread");
    return null;
  }

  const stats: CheckpointerStats = { checkpoints: 0, longestMs: 0, restarts: 0 };
  let worker: Worker | null = null;
  let mode: "thread" | "inline" = "inline";
  let stopped = false;
  let paused = false;
  let restartTimer: NodeJS.Timeout | undefined;
  let readyWaiters: Array<() => void> = [];
  // Each exit since the thread was last up doubles the wait before the next start (lib/restart-backoff.ts).
  const backoff = restartBackoff(restartDelayMs);
  const ticks: Array<(r: CheckpointResult) => void> = [];
  // PRAGMAs in the order they were decided: a hand-back never overtakes a fall-back, or the reverse.
  let pragmas: Promise<unknown> = Promise.resolve();
  const autocheckpoint = (frames: number) => {
    pragmas = pragmas.then(() => main.$queryRawUnsafe(`PRAGMA wal_autocheckpoint = ${frames}`)).catch((err: unknown) => {
      log.error({ err, frames }, "could not set the WAL auto-checkpoint");
    });
    return pragmas;
  };

  const spawn = () => {
    const w = new Worker(/* webpackIgnore: true */ workerFile, { workerData: { file, intervalMs } });
    worker = w;
    w.unref(); // never keeps the process alive
    w.on("message", (m: { ready?: true; checkpoint?: CheckpointResult; tick?: CheckpointResult }) => {
      if (m.ready) {
        if (paused) w.postMessage("pause");
        void autocheckpoint(0).then(() => {
          if (worker !== w) return;
          mode = "thread";
          backoff.reset();
          log.info({ file, intervalMs }, "SQLite WAL checkpoints run on their own thread");
          const waiters = readyWaiters;
          readyWaiters = [];
          for (const done of waiters) done();
        });
      }
      const result = m.checkpoint ?? m.tick;
      if (result) {
        stats.checkpoints++;
        stats.longestMs = Math.max(stats.longestMs, result.ms);
      }
      if (m.tick) ticks.shift()?.(m.tick);
    });
    w.on("error", (err) => log.error({ err }, "WAL checkpoint thread failed"));
    w.on("exit", (code) => {
      if (worker !== w) return;
      worker = null;
      mode = "inline";
      if (stopped) return;
      // Back to SQLite's own checkpoints at once, then try the thread again.
      stats.restarts++;
      const restartInMs = backoff.next();
      log.warn({ code, restartInMs }, "WAL checkpoint thread exited; SQLite checkpoints on the server's thread until it is back");
      void autocheckpoint(SQLITE_AUTOCHECKPOINT_FRAMES);
      restartTimer = setTimeout(() => {
        if (!stopped) spawn();
      }, restartInMs);
      restartTimer.unref();
    });
  };
  spawn();

  return {
    mode: () => mode,
    stats: () => ({ ...stats }),
    ready: () => (mode === "thread" ? Promise.resolve() : new Promise((done) => readyWaiters.push(done))),
    tick: () =>
      new Promise((done, fail) => {
        if (!worker) return fail(new Error("the WAL checkpoint thread is not running"));
        ticks.push(done);
        worker.postMessage("tick");
      }),
    pause: () => {
      paused = true;
      worker?.postMessage("pause");
    },
    resume: () => {
      paused = false;
      worker?.postMessage("resume");
    },
    crash: async () => {
      await worker?.terminate();
    },
    stop: async () => {
      stopped = true;
      clearTimeout(restartTimer);
      const w = worker;
      worker = null;
      mode = "inline";
      if (w) {
        w.postMessage("stop");
        await w.terminate();
      }
      await autocheckpoint(SQLITE_AUTOCHECKPOINT_FRAMES);
    },
  };
}
