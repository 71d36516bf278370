// Helpers for the hot paths written as raw SQL (every IVR webhook and every routing decision).
//
// Why raw SQL there: Prisma 6.19's client engine plans each ORM query in WebAssembly (no plan cache), which costs
// 250-450 µs of CPU per query on this machine; the same statement costs 160-250 µs through $queryRaw (still
// planned) and 25-60 µs sent straight to the driver adapter by lib/db/direct.ts, which the hot paths use. A webhook
// runs 5-15 of them. The statements below are plain SQL that SQLite and PostgreSQL both accept: quoted identifiers,
// enum values as text parameters (PostgreSQL coerces an untyped parameter to the column's enum), Date parameters
// and results, RETURNING, ON CONFLICT DO NOTHING. Raw rows come back with the same JS types as the ORM's models
// (Date, boolean, number), checked for both databases by lib/db/sql.test.ts and lib/db/direct.test.ts.
import { Prisma } from "../generated/prisma/client";
import { SqlError } from "./direct";

export { Prisma };

/**
 * A unique-constraint failure from the ORM (P2002), a raw statement (P2010 carrying the driver's kind) or a direct
 * statement (lib/db/direct.ts).
 */
export function isUniqueViolation(err: unknown): boolean {
  if (err instanceof SqlError) return err.kind === "UniqueConstraintViolation";
  if (!(err instanceof Prisma.PrismaClientKnownRequestError)) return false;
  if (err.code === "P2002") return true;
  if (err.code !== "P2010") return false;
  const cause = (err.meta as { driverAdapterError?: { cause?: { kind?: string } } } | undefined)?.driverAdapterError?.cause;
  return cause?.kind === "UniqueConstraintViolation";
}

/** COUNT(*) is a bigint on both drivers; counts here are small. */
export function toCount(value: bigint | number | null | undefined): number {
  return value === null || value === undefined ? 0 : Number(value);
}

/** `IN (...)` list of parameters. Callers never pass an empty list (SQL has no empty IN). */
export function sqlList(values: readonly (string | number)[]): Prisma.Sql {
  if (values.length === 0) throw new Error("sqlList needs at least one value");
  return Prisma.join(values as (string | number)[]);
}

/** A column name from a fixed whitelist, quoted for both databases. Never pass user input. */
export function column(name: string): Prisma.Sql {
  if (!/^[A-Za-z][A-Za-z0-9]*$/.test(name)) throw new Error(`not a column name: ${name}`);
  return Prisma.raw(`"${name}"`);
}

export type SqlValue = string | number | boolean | Date | null;

/**
 * `"a" = $1, "b" = $2` from an object whose keys are known column names. Undefined values are skipped. With
 * `onlyWhen`, each column takes its new value only if that condition holds for the row, and keeps its own otherwise.
 */
export function setClause(values: Record<string, SqlValue | undefined>, onlyWhen?: Prisma.Sql): Prisma.Sql[] {
  return Object.entries(values)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) =>
      onlyWhen ? Prisma.sql`${column(k)} = CASE WHEN ${onlyWhen} THEN ${v} ELSE ${column(k)} END` : Prisma.sql`${column(k)} = ${v}`,
    );
}

let idCounter = 0;

/**
 * An id for rows the raw hot path inserts where the ORM would have made a cuid: time-ordered like a cuid (so
 * "newest first, id as tie-break" orderings keep working), unique across processes by its random tail.
 */
export function sortableId(now = Date.now()): string {
  idCounter = (idCounter + 1) % 36 ** 4;
  const random = Math.floor(Math.random() * 36 ** 8);
  return `r${now.toString(36).padStart(9, "0")}${idCounter.toString(36).padStart(4, "0")}${random.toString(36).padStart(8, "0")}`;
}
