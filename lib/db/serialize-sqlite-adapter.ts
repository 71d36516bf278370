// Three fixes around the better-sqlite3 driver adapter.
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
//    so a busy error can only happen at BEGIN, where retrying is always safe, never halfway through. The in-process
//    lock is NOT held while waiting: reads (health, dashboard) and other requests of this process run meanwhile, since
//    in WAL mode a read never waits for another process's writer.
//
// 3. Prepared statements are reused. The adapter prepares (compiles) every statement anew, which cost ~17 µs of
//    the ~50 µs a hot-path query takes; the same few dozen statements run on every webhook, so they are kept.
import type { SqlDriverAdapter, SqlDriverAdapterFactory, SqlQuery, Transaction } from "@prisma/driver-adapter-utils";
import { Mutex } from "async-mutex";

/**
 * How long a statement or BEGIN waits for another process's write lock before failing with SQLite's busy error.
 * A webhook must not keep a caller in silence: after this the IVR says "one moment" and retries (lib/ivr/ivr-route.ts).
 */
export const BUSY_DEADLINE_MS = 2_000;

export function serializeSqliteAdapter(factory: SqlDriverAdapterFactory): SqlDriverAdapterFactory {
  const connect = factory.connect.bind(factory);
  factory.connect = async () => serialize(await connect());
  return factory;
}

function isBusy(err: unknown): boolean {
  const code = (err as { cause?: { originalCode?: unknown } } | null)?.cause?.originalCode;
  return typeof code === "string" && code.startsWith("SQLITE_BUSY");
}

/** Run `op`; while SQLite answers "busy" (another process writes), pause without blocking and try again. */
export async function retryWhileBusy<T>(op: () => Promise<T>, deadlineMs = BUSY_DEADLINE_MS): Promise<T> {
  const deadline = Date.now() + deadlineMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return await op();
    } catch (err) {
      if (!isBusy(err) || Date.now() >= deadline) throw err;
      // Short pauses first (a write holds the lock for well under a millisecond), jittered so two waiters part.
      await new Promise((r) => setTimeout(r, Math.min(attempt, 20) * (0.5 + Math.random())));
    }
  }
}

const BEGIN_IMMEDIATE: SqlQuery = { sql: "BEGIN IMMEDIATE", args: [], argTypes: [] };

/** The part of better-sqlite3's Database and Statement the adapter uses (dist/index.js: prepare, bind, run, ...). */
type Statement = { reader: boolean; run(...args: unknown[]): unknown; all(...args: unknown[]): unknown[]; columns(): unknown[]; raw(on?: boolean): Statement };
type Connection = { prepare(sql: string): Statement };

/** Statements kept per connection; past this the oldest is dropped (the hot path uses a few dozen). */
export const STATEMENT_CACHE_SIZE = 256;

/**
 * Make `connection.prepare` return a cached statement. The adapter calls `prepare(sql).bind(args)`, and
 * better-sqlite3 binds a statement only once, so what it gets is a view that passes its arguments on each call.
 * The view also keeps the statement's `columns()` (names and declared types, fixed once it is compiled): better-sqlite3
 * builds them anew on every call, which was ~15 µs of each read under the bench. The schema never changes under a
 * running server (migrations run before it starts), so they cannot go stale.
 */
export function cacheStatements(connection: Connection, size = STATEMENT_CACHE_SIZE): void {
  const prepare = connection.prepare.bind(connection);
  type Entry = { stmt: Statement; columns?: unknown[]; unbound: Statement & { bind(...args: unknown[]): Statement } };
  const cache = new Map<string, Entry>();
  const view = (entry: Entry, args: unknown[]): Statement => {
    const { stmt } = entry;
    const bound: Statement = {
      reader: stmt.reader,
      run: () => stmt.run(...args),
      all: () => stmt.all(...args),
      columns: () => (entry.columns ??= stmt.columns()),
      raw: (on = true) => {
        stmt.raw(on);
        return bound;
      },
    };
    return bound;
  };
  connection.prepare = (sql: string) => {
    let entry = cache.get(sql);
    if (entry) {
      cache.delete(sql); // re-insert: the Map's order is then least recently used first
    } else {
      const stmt = prepare(sql);
      if (cache.size >= size) cache.delete(cache.keys().next().value!);
      const e: Entry = { stmt, unbound: undefined! };
      e.unbound = { ...view(e, []), bind: (...args: unknown[]) => view(e, args.flat()) };
      entry = e;
    }
    cache.set(sql, entry);
    return entry.unbound;
  };
}

function serialize(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const connection = (adapter as unknown as { client?: Connection }).client;
  if (connection) cacheStatements(connection);
  const lock = new Mutex();
  const queryRaw = adapter.queryRaw.bind(adapter);
  const executeRaw = adapter.executeRaw.bind(adapter);
  const executeScript = adapter.executeScript.bind(adapter);

  // A statement issued while no transaction holds the lock runs at once: the driver is synchronous, so nothing can
  // come between it and its result, and a free lock has no waiters to overtake. Only a busy answer (another process
  // writing) or a held lock takes the queued path. Going through the mutex and the retry loop every time cost ~10
  // promises per statement, each paying Next's async-context hooks (issue #20: ~15 statements per caller webhook).
  const serialized = <T>(op: (q: SqlQuery) => Promise<T>) => {
    const queued = (query: SqlQuery) => retryWhileBusy(() => lock.runExclusive(() => op(query)));
    return (query: SqlQuery): Promise<T> =>
      lock.isLocked() ? queued(query) : op(query).catch((err: unknown) => (isBusy(err) ? queued(query) : Promise.reject(err)));
  };
  adapter.queryRaw = serialized(queryRaw);
  adapter.executeRaw = serialized(executeRaw);
  adapter.executeScript = (script) => retryWhileBusy(() => lock.runExclusive(() => executeScript(script)));
  adapter.startTransaction = async (isolationLevel) => {
    if (isolationLevel && isolationLevel !== "SERIALIZABLE") {
      throw new Error(`SQLite transactions are serializable; ${isolationLevel} is not available`);
    }
    // Each attempt takes the in-process lock and tries BEGIN IMMEDIATE once; a busy answer gives the lock back
    // before pausing, so this process's other statements are not stuck behind another process's writer.
    const release = await retryWhileBusy(async () => {
      const r = await lock.acquire();
      try {
        await executeRaw(BEGIN_IMMEDIATE);
        return r;
      } catch (err) {
        r();
        throw err;
      }
    });
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
