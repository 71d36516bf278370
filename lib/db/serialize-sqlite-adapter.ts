// Two fixes around the better-sqlite3 driver adapter.
//
// 1. One connection, one lock. The adapter runs everything on ONE connection and only serializes transactions
//    against each other: a plain query issued while an interactive transaction is open executes inside that
//    transaction (it sees its uncommitted rows, and is lost if the transaction rolls back). This wrapper puts plain
//    queries behind the same lock as transactions, so each runs either before or after an open transaction.
//
// 2. Waiting for another process's write lock without blocking the event loop. better-sqlite3 is synchronous, so
//    SQLite's own busy handler (busy_timeout) sleeps *inside* the call: while another process (a second server
//    worker, a CLI) holds the write lock, the whole server stops, 1-100 ms at a time. Instead the connection runs
//    with busy_timeout = 0 and a busy statement is retried here after an asynchronous pause, so other requests run
//    meanwhile. Transactions start with BEGIN IMMEDIATE (the adapter says BEGIN): they take the write lock up front,
//    so a busy error can only happen at BEGIN, where retrying is always safe, never halfway through.
import type { SqlDriverAdapter, SqlDriverAdapterFactory, SqlQuery, Transaction } from "@prisma/driver-adapter-utils";
import { Mutex } from "async-mutex";

/** As long as the old busy_timeout: past it the statement fails with SQLite's busy error. */
export const BUSY_DEADLINE_MS = 5_000;

export function serializeSqliteAdapter(factory: SqlDriverAdapterFactory): SqlDriverAdapterFactory {
  const connect = factory.connect.bind(factory);
  factory.connect = async () => serialize(await connect());
  return factory;
}

function isBusy(err: unknown): boolean {
  const code = (err as { cause?: { originalCode?: unknown } } | null)?.cause?.originalCode;
  return typeof code === "string" && code.startsWith("SQLITE_BUSY");
}

const pause = (attempt: number) =>
  // Short pauses first (a write holds the lock for well under a millisecond), jittered so two waiters part.
  new Promise((r) => setTimeout(r, Math.min(attempt, 20) * (0.5 + Math.random())));

/**
 * Run `op` holding `lock`; while SQLite answers "busy" (another process writes), let go of the lock, pause without
 * blocking, and try again, so this process's reads (never busy in WAL mode) go on meanwhile.
 */
async function exclusiveWhileBusy<T>(lock: Mutex, op: () => Promise<T>, keepLock = false): Promise<{ value: T; release: () => void }> {
  const deadline = Date.now() + BUSY_DEADLINE_MS;
  for (let attempt = 1; ; attempt++) {
    const release = await lock.acquire();
    try {
      const value = await op();
      if (!keepLock) release();
      return { value, release };
    } catch (err) {
      release();
      if (!isBusy(err) || Date.now() >= deadline) throw err;
    }
    await pause(attempt);
  }
}

const BEGIN_IMMEDIATE: SqlQuery = { sql: "BEGIN IMMEDIATE", args: [], argTypes: [] };

function serialize(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const lock = new Mutex();
  const queryRaw = adapter.queryRaw.bind(adapter);
  const executeRaw = adapter.executeRaw.bind(adapter);
  const executeScript = adapter.executeScript.bind(adapter);

  adapter.queryRaw = async (query) => (await exclusiveWhileBusy(lock, () => queryRaw(query))).value;
  adapter.executeRaw = async (query) => (await exclusiveWhileBusy(lock, () => executeRaw(query))).value;
  adapter.executeScript = async (script) => (await exclusiveWhileBusy(lock, () => executeScript(script))).value;
  adapter.startTransaction = async (isolationLevel) => {
    if (isolationLevel && isolationLevel !== "SERIALIZABLE") {
      throw new Error(`SQLite transactions are serializable; ${isolationLevel} is not available`);
    }
    const { release } = await exclusiveWhileBusy(lock, () => executeRaw(BEGIN_IMMEDIATE), true);
    let released = false;
    const done = async () => {
      if (!released) {
        released = true;
        release();
      }
    };
    // Prisma sends COMMIT / ROLLBACK itself (usePhantomQuery: false, as the adapter's own transactions do); the
    // transaction's statements run on the same connection, already inside our lock.
    const tx: Transaction = {
      provider: adapter.provider,
      adapterName: adapter.adapterName,
      options: { usePhantomQuery: false },
      queryRaw: (query) => queryRaw(query),
      executeRaw: (query) => executeRaw(query),
      commit: done,
      rollback: done,
    };
    return tx;
  };
  return adapter;
}
