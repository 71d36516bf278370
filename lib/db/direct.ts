// Raw SQL for the hot paths (every IVR webhook, every routing decision), sent straight to the Prisma driver adapter
// the client itself is connected through: the same SQLite connection and lock (serialize-sqlite-adapter.ts), the
// same PostgreSQL pool, the same transactions' BEGIN/COMMIT protocol.
//
// Why not db.$queryRaw: Prisma 6.19's client engine serialises every raw statement to JSON and plans it in
// WebAssembly before the adapter sees it (there is no plan cache), which measured 160-250 µs of CPU per statement
// on this machine against 25-60 µs for the adapter alone (`npx tsx scripts/bench-sql.mts`). A webhook runs 5-15
// statements, so that planning was about a third of the server's CPU under load.
//
// The surface mirrors Prisma's ($queryRaw / $executeRaw tagged templates, $transaction with a callback), so a call
// site reads the same; rows come back with the JS types $queryRaw gives (Date, number, bigint for 64-bit integers,
// boolean), pinned on both databases by direct.test.ts. Every client comes from createPrismaClient (lib/db/client.ts),
// which makes it with withDirectSql below.
import {
  ColumnTypeEnum,
  isDriverAdapterError,
  type ArgType,
  type ColumnType,
  type SqlDriverAdapter,
  type SqlDriverAdapterFactory,
  type SqlQuery,
  type SqlQueryable,
  type SqlResultSet,
  type Transaction,
} from "@prisma/driver-adapter-utils";
import { Prisma, type PrismaClient } from "../generated/prisma/client";
import { countingAdapter } from "./statement-count";

type Client = PrismaClient;

/** What a statement runs on: the client's connection, or one open transaction. */
export type SqlRunner = {
  /** Rows, typed by the caller as with Prisma: `$queryRaw<Call[]>`. */
  $queryRaw<T = unknown>(query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]): Promise<T>;
  $executeRaw(query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]): Promise<number>;
};

export type DirectSql = SqlRunner & {
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws (the error is rethrown). */
  $transaction<R>(fn: (tx: SqlRunner) => Promise<R>): Promise<R>;
  /** The database behind the client ("sqlite", "postgres"), for a statement only one of them can run. */
  provider(): Promise<SqlQueryable["provider"]>;
};

/** An error from the database, with the driver's classification (e.g. UniqueConstraintViolation) and code. */
export class SqlError extends Error {
  override name = "SqlError";
  constructor(
    message: string,
    readonly kind: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

/** The adapter a client is currently connected through (it changes after $disconnect and a new connect). */
type Slot = { adapter: SqlDriverAdapter | null };
// On globalThis, like the client itself (lib/db/client.ts): Next bundles route handlers and pages separately, each
// with its own copy of this module, and all of them must find the adapter of the one shared client.
const globalForDirect = globalThis as unknown as { directSqlSlots?: WeakMap<object, Slot> };
const slots = (globalForDirect.directSqlSlots ??= new WeakMap<object, Slot>());
const runners = new WeakMap<object, DirectSql>();

/**
 * Make a client with `create` on `factory` so that direct(client) can reach the adapter the client connects
 * through: the factory is wrapped to remember each adapter it hands out (and forget it when it is disposed).
 */
export function withDirectSql<C extends object>(factory: SqlDriverAdapterFactory, create: (factory: SqlDriverAdapterFactory) => C): C {
  const slot: Slot = { adapter: null };
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    // Counted statements for the bench and the statement-count tests (statement-count.ts; off by default).
    const adapter = countingAdapter(await connect());
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      if (slot.adapter === adapter) slot.adapter = null;
      await dispose();
    };
    slot.adapter = adapter;
    return adapter;
  };
  const client = create(factory);
  slots.set(client, slot);
  return client;
}

/** Direct raw SQL on `db` (see the top of this file); one runner per client. */
export function direct(db: Client): DirectSql {
  let runner = runners.get(db);
  if (!runner) {
    const slot = slots.get(db);
    if (!slot) throw new Error("direct(db) needs a client made by createPrismaClient (lib/db/client.ts)");
    runner = adapterRunner(db, slot);
    runners.set(db, runner);
  }
  return runner;
}

const CONTROL: ArgType[] = [];
const statement = (sql: string): SqlQuery => ({ sql, args: [], argTypes: CONTROL });
const COMMIT = statement("COMMIT");
const ROLLBACK = statement("ROLLBACK");

function adapterRunner(db: Client, slot: Slot): DirectSql {
  const connect = async (): Promise<SqlDriverAdapter> => {
    await db.$connect();
    if (!slot.adapter) throw new Error("the database client did not connect its adapter");
    return slot.adapter;
  };
  // The adapter itself once connected (no promise to wait on), so a statement costs no extra turns before the driver
  // sees it: every promise here runs Next's async-context hooks, on ~15 statements per caller webhook (issue #20).
  const connected = (): Promise<SqlDriverAdapter> | SqlDriverAdapter => slot.adapter ?? connect();
  const on = (target: () => Promise<SqlQueryable> | SqlQueryable): SqlRunner => {
    const onTarget = <T>(op: (q: SqlQueryable) => Promise<T>): Promise<T> => {
      const q = target();
      return q instanceof Promise ? q.then((ready) => run(() => op(ready))) : run(() => op(q));
    };
    return {
      $queryRaw<T>(query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]) {
        return onTarget((q) => q.queryRaw(toQuery(query, values, q.provider)).then(decodeRows)) as Promise<T>;
      },
      $executeRaw(query, ...values) {
        return onTarget((q) => q.executeRaw(toQuery(query, values, q.provider)));
      },
    };
  };
  return {
    ...on(connected),
    provider: async () => (await connected()).provider,
    async $transaction(fn) {
      const adapter = await connected();
      const tx = await run(() => adapter.startTransaction());
      // Adapters that leave COMMIT/ROLLBACK to the caller (usePhantomQuery: false, both used here) get them as
      // statements, exactly as Prisma's own transactions send them; commit()/rollback() then free the connection.
      const explicit = !tx.options.usePhantomQuery;
      let result;
      try {
        result = await fn(on(() => tx));
      } catch (err) {
        await abort(tx, explicit);
        throw err; // the step's own error, not a failed ROLLBACK's
      }
      try {
        if (explicit) await run(() => tx.executeRaw(COMMIT));
      } catch (err) {
        await abort(tx, explicit);
        throw err;
      }
      await tx.commit();
      return result;
    },
  };
}

/** Roll back and free the connection; a ROLLBACK that fails too (e.g. the connection broke) changes nothing more. */
async function abort(tx: Transaction, explicit: boolean): Promise<void> {
  if (explicit) await tx.executeRaw(ROLLBACK).catch(() => undefined);
  await tx.rollback().catch(() => undefined);
}

/** Driver errors surface as SqlError (message, kind, driver code), the way Prisma reports them as P2010. */
function run<T>(op: () => Promise<T>): Promise<T> {
  let pending: Promise<T>;
  try {
    pending = op();
  } catch (err) {
    pending = Promise.reject(err); // thrown before the driver answered (e.g. an argument toQuery could not take)
  }
  return pending.catch(toSqlError);
}

function toSqlError(err: unknown): never {
  if (err instanceof Error && isDriverAdapterError(err)) {
    const cause = err.cause as { kind: string; originalCode?: string; originalMessage?: string; message?: string };
    throw new SqlError(cause.originalMessage ?? cause.message ?? err.message, cause.kind, cause.originalCode);
  }
  throw err;
}

/** Placeholders as the database writes them: `$1` for PostgreSQL, `?` for SQLite. */
function toQuery(query: TemplateStringsArray | Prisma.Sql, values: unknown[], provider: SqlQueryable["provider"]): SqlQuery {
  const sql = query instanceof Prisma.Sql ? query : Prisma.sql(query, ...values);
  const args = sql.values;
  return { sql: provider === "postgres" ? sql.text : sql.sql, args, argTypes: args.map(argType) };
}

/** The adapters only look at an argument's type for dates, bytes and numbers sent as strings. */
function argType(value: unknown): ArgType {
  if (value instanceof Date) return { scalarType: "datetime", arity: "scalar" };
  if (typeof value === "string") return { scalarType: "string", arity: "scalar" };
  if (typeof value === "number") return { scalarType: Number.isInteger(value) ? "int" : "float", arity: "scalar" };
  if (typeof value === "boolean") return { scalarType: "boolean", arity: "scalar" };
  if (typeof value === "bigint") return { scalarType: "bigint", arity: "scalar" };
  if (value instanceof Uint8Array) return { scalarType: "bytes", arity: "scalar" };
  return { scalarType: "unknown", arity: "scalar" };
}

function decodeRows(result: SqlResultSet): Record<string, unknown>[] {
  const { columnNames, columnTypes, rows } = result;
  return rows.map((row) => {
    const out: Record<string, unknown> = {};
    for (let i = 0; i < columnNames.length; i++) out[columnNames[i]!] = decode(row[i], columnTypes[i]!);
    return out;
  });
}

/** One value as $queryRaw returns it. SQLite's adapter hands integers over as strings (64-bit safe). */
function decode(value: unknown, type: ColumnType): unknown {
  if (value === null || value === undefined) return null;
  switch (type) {
    case ColumnTypeEnum.Int32:
    case ColumnTypeEnum.Float:
    case ColumnTypeEnum.Double:
    case ColumnTypeEnum.UnknownNumber:
    case ColumnTypeEnum.Numeric: // $queryRaw gives a Decimal; no hot-path query reads a NUMERIC column
      return Number(value);
    case ColumnTypeEnum.Int64:
      return BigInt(value as string | number | bigint);
    case ColumnTypeEnum.Boolean:
      return value === true || value === 1 || value === "1" || value === 1n || value === "true" || value === "t";
    case ColumnTypeEnum.DateTime:
    case ColumnTypeEnum.Date:
      return new Date(value as string | number);
    case ColumnTypeEnum.Json:
      return typeof value === "string" ? JSON.parse(value) : value;
    case ColumnTypeEnum.Bytes:
      return Uint8Array.from(value as ArrayLike<number>);
    case ColumnTypeEnum.Character:
    case ColumnTypeEnum.Text:
    case ColumnTypeEnum.Enum:
    case ColumnTypeEnum.Uuid:
    case ColumnTypeEnum.Time:
      return String(value);
    default:
      throw new Error(`direct SQL cannot decode column type ${type}: use db.$queryRaw for this query`);
  }
}
