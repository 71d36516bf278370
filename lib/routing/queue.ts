// The waiting queue lives in the Call table (status QUEUED, queuedAt), so every server instance sees the same
// order. Order is (queuedAt, id): first come, first served per language, with the id breaking same-instant ties.
// Queued callbacks (#18, the Callback table, PENDING and due) stand in the same line at their placeAt, the queuedAt
// of the call that asked for them: placeBefore() below is THE ordering expression for both tables.
import type { Db } from "../db/client";
import { direct } from "../db/direct";
import { Prisma, toCount } from "../db/sql";
import { env } from "../env";
import type { RoutingConfig } from "./config";

/** Queue entries older than this are callers whose IVR stopped polling: they must not block anyone. */
export function staleQueueCutoff(cfg: Pick<RoutingConfig, "maxQueueWaitSeconds" | "staleQueueGraceSeconds">, now: Date) {
  return new Date(now.getTime() - (cfg.maxQueueWaitSeconds + cfg.staleQueueGraceSeconds) * 1000);
}

/**
 * A queued caller counts in line only while its hold loop keeps polling: each queue webhook refreshes lastSeenAt, so
 * a caller whose hangup was lost stops blocking others after RECOVERY_QUEUE_SEEN_SECONDS, not after max wait.
 */
export function queueSeenCutoff(now: Date, seenSeconds = env().recovery.queueSeenSeconds): Date {
  return new Date(now.getTime() - seenSeconds * 1000);
}

/** Where an entry stands in line: a live call by its queuedAt, a callback by its placeAt (the same instant). */
export const QUEUE_PLACE = {
  call: { place: Prisma.sql`"queuedAt"`, id: Prisma.sql`"id"` },
  callback: { place: Prisma.sql`"placeAt"`, id: Prisma.sql`"id"` },
} as const;
type Place = (typeof QUEUE_PLACE)[keyof typeof QUEUE_PLACE];

/**
 * THE queue order, as SQL: the row described by `col` stands before (at, id). Lexicographic on (place, id), so live
 * calls and callbacks share one total order. wt/19's aging priority switches the place column here and nowhere else.
 */
export function placeBefore(col: Place, at: Date, id: string): Prisma.Sql {
  return Prisma.sql`(${col.place} < ${at} OR (${col.place} = ${at} AND ${col.id} < ${id}))`;
}

/** The same order for ORDER BY. */
export function queueOrderBy(col: Place): Prisma.Sql {
  return Prisma.sql`${col.place} ASC, ${col.id} ASC`;
}

/** The same order in memory (listQueue merges calls and callbacks). */
export function compareQueuePlace(a: { at: Date; id: string }, b: { at: Date; id: string }): number {
  return a.at.getTime() - b.at.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * How many of this language are ahead of the entry whose place in line is (`at`, `callId`): live callers still
 * polling, plus pending callbacks that are due (one in its retry delay does not hold the line; one being dialled
 * already has its agent). Used by live callers (is someone ahead of me?) and by the callback dispatcher alike.
 */
export async function callersAhead(
  db: Db,
  input: { callId: string; languageCode: string; at: Date },
  cfg: RoutingConfig,
  now: Date,
): Promise<number> {
  // Raw SQL, one statement: this runs on every routing decision (lib/db/sql.ts).
  const rows = await direct(db).$queryRaw<{ n: bigint | number; cb: bigint | number }[]>`
    SELECT (SELECT COUNT(*) FROM "Call"
      WHERE "status" = ${"QUEUED"} AND "languageCode" = ${input.languageCode} AND "endedAt" IS NULL AND "id" <> ${input.callId}
        AND "queuedAt" >= ${staleQueueCutoff(cfg, now)} AND COALESCE("lastSeenAt", "queuedAt") >= ${queueSeenCutoff(now)}
        AND ${placeBefore(QUEUE_PLACE.call, input.at, input.callId)}) AS "n",
      (SELECT COUNT(*) FROM "Callback"
      WHERE "status" = ${"PENDING"} AND "languageCode" = ${input.languageCode} AND "nextAttemptAt" <= ${now} AND "id" <> ${input.callId}
        AND ${placeBefore(QUEUE_PLACE.callback, input.at, input.callId)}) AS "cb"`;
  return toCount(rows[0]?.n) + toCount(rows[0]?.cb);
}

export type QueueEntry = { callId: string; languageCode: string; position: number; queuedAt: Date };

/**
 * Callers waiting, oldest first, with their 1-based position within their language. Positions count the due
 * pending callbacks standing ahead (they are listed on their own, see lib/routing/callbacks/list-callbacks.ts).
 */
export async function listQueue(db: Db, now = new Date()): Promise<QueueEntry[]> {
  const [calls, callbacks] = await Promise.all([
    direct(db).$queryRaw<Array<{ id: string; languageCode: string | null; at: Date }>>`
      SELECT "id", "languageCode", "queuedAt" AS "at" FROM "Call"
      WHERE "status" = ${"QUEUED"} AND "endedAt" IS NULL AND "queuedAt" IS NOT NULL ORDER BY ${queueOrderBy(QUEUE_PLACE.call)}`,
    direct(db).$queryRaw<Array<{ id: string; languageCode: string; at: Date }>>`
      SELECT "id", "languageCode", "placeAt" AS "at" FROM "Callback"
      WHERE "status" = ${"PENDING"} AND "nextAttemptAt" <= ${now} ORDER BY ${queueOrderBy(QUEUE_PLACE.callback)}`,
  ]);
  const line = [
    ...calls.map((c) => ({ kind: "call" as const, id: c.id, languageCode: c.languageCode ?? "", at: new Date(c.at) })),
    ...callbacks.map((c) => ({ kind: "callback" as const, id: c.id, languageCode: c.languageCode, at: new Date(c.at) })),
  ].sort(compareQueuePlace);
  const positions = new Map<string, number>();
  const out: QueueEntry[] = [];
  for (const e of line) {
    const position = (positions.get(e.languageCode) ?? 0) + 1;
    positions.set(e.languageCode, position);
    if (e.kind === "call") out.push({ callId: e.id, languageCode: e.languageCode, position, queuedAt: e.at });
  }
  return out;
}
