// The SQLite WAL checkpointer's thread (wal-checkpointer.ts starts it; README "PostgreSQL over a network", fifth
// pass). Plain JavaScript loaded by path, like lib/retention/prune-worker.mjs: the bundler never sees it.
//
// It opens its own connection to the server's database file and, every `intervalMs`, copies the WAL's committed
// frames into the database file with a PASSIVE checkpoint: it never waits for and never blocks a reader or a writer,
// so the server's thread keeps committing meanwhile. The copy and its fsync of the database file happen here, not
// inside whichever webhook's COMMIT crossed SQLite's 1,000-frame auto-checkpoint mark on the server's thread.
//
// Messages from the parent: "tick" (checkpoint now, tests), "pause" / "resume" (tests), "stop". To the parent:
// { ready: true } once the connection is open, then one { checkpoint } per checkpoint that copied frames, and on
// "tick" the result whatever it copied.
import { parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";

const { file, intervalMs } = workerData;
// timeout 0: a PASSIVE checkpoint does not wait for locks; another process's checkpoint in progress just answers busy.
const db = new Database(file, { fileMustExist: true, timeout: 0 });
let paused = false;

function checkpoint() {
  const started = performance.now();
  try {
    const [row] = db.pragma("wal_checkpoint(PASSIVE)");
    // busy: another connection's checkpoint held the lock; log: frames in the WAL; checkpointed: frames copied so far.
    return { busy: row.busy === 1, log: row.log, checkpointed: row.checkpointed, ms: performance.now() - started };
  } catch (err) {
    if (String(err?.code ?? "").startsWith("SQLITE_BUSY")) return { busy: true, log: -1, checkpointed: -1, ms: performance.now() - started };
    throw err; // the thread dies with it; the parent puts checkpoints back on the server's thread and restarts it
  }
}

let lastCopied = 0;
const timer = setInterval(() => {
  if (paused) return;
  const result = checkpoint();
  // Report only progress (frames copied since the last report), not every idle tick.
  if (result.checkpointed > 0 && result.checkpointed !== lastCopied) parentPort.postMessage({ checkpoint: result });
  lastCopied = result.checkpointed;
}, intervalMs);

parentPort.on("message", (message) => {
  if (message === "tick") parentPort.postMessage({ tick: checkpoint() });
  else if (message === "pause") paused = true;
  else if (message === "resume") paused = false;
  else if (message === "stop") {
    clearInterval(timer);
    db.close();
    parentPort.close();
  }
});
parentPort.postMessage({ ready: true });
