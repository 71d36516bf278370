// Counts the statements (round trips) each webhook route and each routing decision sends to the database, for the
// benchmark (npm run bench reads them from /bench/statements) and for tests that pin the hot path's count
// (tests/integration/statement-count.test.ts). Off unless BENCH_COUNT_STATEMENTS=1 (or a test turns it on): then
// every statement is a counted call, ORM and direct SQL alike, because the wrapper sits on the driver adapter
// itself (withDirectSql in direct.ts installs it on every adapter a client connects through).
//
// A statement belongs to the innermost open scope (countStatementsIn, keyed e.g. "action" or "decision") found
// through AsyncLocalStorage, and to each enclosing scope too: a decision's statements also count for its webhook.
// A statement that arrives after its scope ended (deferred work, e.g. next/server after()) counts under
// "<key>:after", so what the caller waits for stays apart from what it does not.
//
// What counts as one: every query/execute the adapter sends, BEGIN (inside startTransaction) and COMMIT/ROLLBACK
// (sent as statements by Prisma and direct.ts alike). A transaction's span runs from BEGIN answered to commit or
// rollback: the longest time it can have held a row lock (an upper bound; PostgreSQL locks at the first write).
import { AsyncLocalStorage } from "node:async_hooks";
import { monitorEventLoopDelay, performance, type IntervalHistogram } from "node:perf_hooks";
import type { SqlDriverAdapter, SqlQueryable, Transaction } from "@prisma/driver-adapter-utils";

type Scope = {
  key: string;
  parent: Scope | undefined;
  statements: number;
  transactions: number;
  longestTxMs: number;
  closed: boolean;
  /** Time the scope's statements took, each from its call to its result (pool wait + round trip + the event loop's
   * turn to read it); statements run in parallel each count in full. */
  statementMs: number;
};

/** Totals of one key over all its scopes (one scope = one webhook request or one routing decision). */
export type StatementTally = {
  /** Scopes finished (requests, decisions); "<key>:after" keys count statements only. */
  scopes: number;
  statements: number;
  /** Statements of one scope: fewest and most seen. */
  minPerScope: number;
  maxPerScope: number;
  transactions: number;
  /** The longest transaction span seen inside this key's scopes, in ms. */
  longestTxMs: number;
  /** How often each statement ran in this key's scopes, by its first 100 characters (what to fold next). */
  texts: Record<string, number>;
  /** Sum over the key's scopes of their wall time (start to settle) and of their statements' time, in ms: where a
   * request's time goes, the database or the rest (CPU, the event loop). */
  wallMs: number;
  statementMs: number;
};

/** Time the server's thread spent inside driver calls (the synchronous part of each statement's call): SQLite runs
 * the whole statement there, commits and their WAL writes included; PostgreSQL only hands it to the socket. A SQLite
 * statement that waited for the in-process lock (another transaction open) runs later, outside this measure, so on
 * SQLite it is a lower bound. */
export type ThreadInDriver = { calls: number; totalMs: number; longestMs: number; over5Ms: number };

/** The server's event loop since the last reset: how late a 10 ms timer ran (the wait any callback had), and how busy it was. */
export type EventLoopSnapshot = { delayP50Ms: number; delayP99Ms: number; delayMaxMs: number; utilization: number };

export type StatementSnapshot = {
  enabled: boolean;
  byKey: Record<string, StatementTally & { meanPerScope: number }>;
  /** Statements sent outside any scope (startup, scheduler jobs, dashboard reads). */
  unscoped: number;
  /** Most transactions open at one time in this process (each holds a pooled connection on PostgreSQL). */
  peakOpenTransactions: number;
  /** Every transaction's span since the last reset, in ms (scoped or not), for percentiles. */
  transactionSpansMs: number[];
  eventLoop: EventLoopSnapshot | null;
  /** Every statement since the last reset, scoped or not (deferred answers and background jobs included). */
  threadInDriver: ThreadInDriver;
};


// On globalThis: Next bundles route handlers separately, each with its own copy of this module, and the bench
// endpoint must see the counts every route made, through the scopes every route opened.
type State = {
  enabled: boolean | undefined;
  tallies: Map<string, StatementTally>;
  unscoped: number;
  open: number;
  peakOpen: number;
  spans: number[];
  /** Statement text -> its short form: the same few dozen statements run all the time; normalise each once. */
  texts: Map<string, string>;
  thread: ThreadInDriver;
  loopDelay?: IntervalHistogram;
  loopSince?: ReturnType<typeof performance.eventLoopUtilization>;
};
const g = globalThis as unknown as { statementCount?: State; statementScopes?: AsyncLocalStorage<Scope> };
// One store for every copy of this module: the adapter wrapper comes from the copy that made the client.
const storage = (g.statementScopes ??= new AsyncLocalStorage<Scope>());
const state: State = (g.statementCount ??= { enabled: undefined, tallies: new Map(), unscoped: 0, open: 0, peakOpen: 0, spans: [], texts: new Map(), thread: emptyThread() });
function emptyThread(): ThreadInDriver {
  return { calls: 0, totalMs: 0, longestMs: 0, over5Ms: 0 };
}
const MAX_SPANS = 200_000;
const MAX_TEXTS = 5_000;

/** BENCH_COUNT_STATEMENTS=1 (validated in lib/env.ts), read once; tests switch it with setStatementCounting. */
export function statementCountingEnabled(): boolean {
  return (state.enabled ??= process.env.BENCH_COUNT_STATEMENTS === "1");
}

export function setStatementCounting(on: boolean): void {
  state.enabled = on;
}

export function resetStatementCounts(): void {
  state.tallies.clear();
  state.unscoped = 0;
  state.peakOpen = state.open;
  state.spans = [];
  state.thread = emptyThread();
  if (statementCountingEnabled()) {
    state.loopDelay ??= monitorEventLoopDelay({ resolution: 10 });
    state.loopDelay.enable();
    state.loopDelay.reset();
    state.loopSince = performance.eventLoopUtilization();
  }
}

function eventLoopSnapshot(): EventLoopSnapshot | null {
  const h = state.loopDelay;
  if (!h || !state.loopSince || h.count === 0) return null;
  // The histogram holds how long each 10 ms timer took to fire, in ns: its lateness is that minus the 10 ms.
  const late = (ns: number) => Math.max(0, ns / 1e6 - 10);
  return {
    delayP50Ms: late(h.percentile(50)),
    delayP99Ms: late(h.percentile(99)),
    delayMaxMs: late(h.max),
    utilization: performance.eventLoopUtilization(state.loopSince).utilization,
  };
}

function tally(key: string): StatementTally {
  let t = state.tallies.get(key);
  if (!t) state.tallies.set(key, (t = { scopes: 0, statements: 0, minPerScope: Infinity, maxPerScope: 0, transactions: 0, longestTxMs: 0, texts: {}, wallMs: 0, statementMs: 0 }));
  return t;
}

/** Runs `fn` as one scope of `key`: its statements are counted and added to the key's totals when it settles. */
export async function countStatementsIn<T>(key: string, fn: () => Promise<T>): Promise<T> {
  if (!statementCountingEnabled()) return fn();
  const scope: Scope = { key, parent: storage.getStore(), statements: 0, transactions: 0, longestTxMs: 0, closed: false, statementMs: 0 };
  const started = performance.now();
  try {
    return await storage.run(scope, fn);
  } finally {
    scope.closed = true;
    const t = tally(key);
    t.scopes++;
    t.statements += scope.statements;
    t.minPerScope = Math.min(t.minPerScope, scope.statements);
    t.maxPerScope = Math.max(t.maxPerScope, scope.statements);
    t.transactions += scope.transactions;
    t.longestTxMs = Math.max(t.longestTxMs, scope.longestTxMs);
    t.wallMs += performance.now() - started;
    t.statementMs += scope.statementMs;
  }
}

/** The statements counted so far in the current scope (tests read a single step's count with it). */
export function statementsInScope(): number {
  return storage.getStore()?.statements ?? 0;
}

function countStatement(sql: string): void {
  const scope = storage.getStore();
  if (!scope) {
    state.unscoped++;
    return;
  }
  let text = state.texts.get(sql);
  if (text === undefined) {
    text = sql.replace(/\s+/g, " ").trim().slice(0, 100);
    if (state.texts.size < MAX_TEXTS) state.texts.set(sql, text);
  }
  if (scope.closed) {
    const t = tally(`${scope.key}:after`);
    t.statements++;
    t.texts[text] = (t.texts[text] ?? 0) + 1;
    return;
  }
  eachOpenScope(scope, (s) => {
    s.statements++;
    const t = tally(s.key);
    t.texts[text] = (t.texts[text] ?? 0) + 1;
  });
}

/** `fn` for a scope and each enclosing one still open (a statement counts for all of them). */
function eachOpenScope(from: Scope | undefined, fn: (scope: Scope) => void): void {
  for (let s = from; s; s = s.parent) if (!s.closed) fn(s);
}

function countTransaction(ms: number): void {
  if (state.spans.length < MAX_SPANS) state.spans.push(ms);
  eachOpenScope(storage.getStore(), (scope) => {
    scope.transactions++;
    scope.longestTxMs = Math.max(scope.longestTxMs, ms);
  });
}

export function statementSnapshot(): StatementSnapshot {
  const byKey: StatementSnapshot["byKey"] = {};
  for (const [key, t] of [...state.tallies.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    byKey[key] = { ...t, minPerScope: t.scopes ? t.minPerScope : 0, meanPerScope: t.scopes ? t.statements / t.scopes : 0 };
  }
  return {
    enabled: statementCountingEnabled(),
    byKey,
    unscoped: state.unscoped,
    peakOpenTransactions: state.peakOpen,
    transactionSpansMs: state.spans,
    eventLoop: eventLoopSnapshot(),
    threadInDriver: { ...state.thread },
  };
}

/** Runs a statement and adds its time, call to result, to the open scopes it counts in (the clock starts before
 * the call: SQLite's driver runs the statement inside it), and the call's synchronous part to the thread's total. */
function timed<T>(run: () => Promise<T>): Promise<T> {
  const scope = storage.getStore();
  const started = performance.now();
  const result = run();
  const inCall = performance.now() - started;
  const thread = state.thread;
  thread.calls++;
  thread.totalMs += inCall;
  thread.longestMs = Math.max(thread.longestMs, inCall);
  if (inCall > 5) thread.over5Ms++;
  if (!scope || scope.closed) return result;
  const add = () => {
    const ms = performance.now() - started;
    eachOpenScope(scope, (s) => (s.statementMs += ms));
  };
  return result.finally(add);
}

function wrapQueryable<Q extends SqlQueryable>(q: Q): Q {
  const queryRaw = q.queryRaw.bind(q);
  const executeRaw = q.executeRaw.bind(q);
  q.queryRaw = (query) => {
    if (!statementCountingEnabled()) return queryRaw(query);
    countStatement(query.sql);
    return timed(() => queryRaw(query));
  };
  q.executeRaw = (query) => {
    if (!statementCountingEnabled()) return executeRaw(query);
    countStatement(query.sql);
    return timed(() => executeRaw(query));
  };
  return q;
}

/** Installs the counter on an adapter (in place; a no-op per statement while counting is off). */
export function countingAdapter(adapter: SqlDriverAdapter): SqlDriverAdapter {
  wrapQueryable(adapter);
  const executeScript = adapter.executeScript.bind(adapter);
  adapter.executeScript = (script) => {
    if (statementCountingEnabled()) countStatement(script);
    return executeScript(script);
  };
  const startTransaction = adapter.startTransaction.bind(adapter);
  adapter.startTransaction = async (isolationLevel) => {
    if (!statementCountingEnabled()) return startTransaction(isolationLevel);
    countStatement("BEGIN"); // sent by the adapter itself
    const tx = wrapQueryable(await startTransaction(isolationLevel));
    const began = performance.now();
    state.open++;
    state.peakOpen = Math.max(state.peakOpen, state.open);
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      state.open--;
      countTransaction(performance.now() - began);
    };
    const commit = tx.commit.bind(tx);
    const rollback = tx.rollback.bind(tx);
    tx.commit = () => (end(), commit());
    tx.rollback = () => (end(), rollback());
    return tx satisfies Transaction;
  };
  return adapter;
}
