// What a webhook step reads about its call before it runs, folded into the step's first statement on PostgreSQL
// (issue #20): the receipt claim (with-receipt.ts) or, for a status callback, the replay guard's nonce write. Every
// step used to start with its own `SELECT * FROM "Call"`: one round trip of the caller's wait less on every webhook.
//
// A step that routes also reads what the routing decision would read about the call (the customer's priority and
// last rated agent, the agents it already rang) and how often it was dialled; a hangup reads the timeline events
// that decide its final status. The row is the call as it was when the statement began: exactly what the step's
// own first read would have seen a round trip later, minus writes landing in that gap, which every step's writes
// already guard against (moveCall keeps a final status; routing claims conditionally).
// SQLite keeps the separate read (a local file: no round trip to save, and it has no writes inside WITH).
import type { Db } from "../db/client";
import { direct } from "../db/direct";
import { Prisma, toCount } from "../db/sql";
import type { Call } from "../generated/prisma/client";
import { nonceUpsertSql, outsideReplayWindow } from "../telephony/replay-guard";
import { routingSnapshotColumns, routingSnapshotJoin } from "../routing/call-snapshot";

export type StepRead = {
  /** Also read what routing needs (the customer's priority and preferred agent, agents already rung). */
  routing?: boolean;
  /** Also count these timeline event types. */
  eventTypes?: readonly string[];
  /** Also read the call's latest assignment (the dial result closes it). */
  lastAssignment?: boolean;
  /** Also read the detail of the call's latest timeline event of this type. */
  lastEventType?: string;
  /**
   * Make the call in the same statement when it does not exist yet (the answer URL; a call we placed ourselves is
   * found by its request UUID instead, so not then). Only with a read of the call's own columns.
   */
  create?: boolean;
  /**
   * Stamp the call's lastSeenAt (its proof of life) in the same statement when the receipt is claimed: a hold-loop poll
   * that changes nothing else then needs no write of its own (with-receipt.ts; PostgreSQL).
   */
  touch?: boolean;
};

/** The call's latest agent assignment, as recordDialResult reads it. */
export type LastAssignment = { id: string; agentId: string; outcome: string };

/** What came with the call besides its row (null when the call did not exist). */
export type CallExtras = {
  callId: string;
  customerPriority: number | null;
  customerLastAgentId: string | null;
  customerLastRating: number | null;
  /** Assignments (agents rung) so far: AgentAssignment rows of the call. */
  assignmentsTried: number;
  /** Counts of StepRead.eventTypes (each present, 0 when none). */
  events: Record<string, number>;
  /** With StepRead.lastAssignment: the latest assignment (null: none yet); undefined when not read. */
  lastAssignment?: LastAssignment | null;
  /** With StepRead.lastEventType: that event's detail (JSON text; null: none or no detail). */
  lastEventDetail?: string | null;
  /** With StepRead.touch: lastSeenAt was stamped by the claim's statement. */
  touched?: boolean;
};

/** The pre-read of one step: the call (null: not seen yet) and its extras; `created` when that statement made it. */
export type KnownCall = { call: Call | null; extras: CallExtras | null; created?: boolean };

const EXTRA = "x_"; // prefix of this module's extra columns: no Call column starts with it
/** routingSnapshotColumns' names (lib/routing/call-snapshot.ts), not columns of Call either. */
const SNAPSHOT_COLUMNS = new Set(["customerPriority", "customerLastAgentId", "customerLastRating", "assignmentsTried"]);

/** The step's call row with its extras, as a sub-select: at most one row (Call.callUuid is unique). */
export function stepCallSql(callUuid: string, read: StepRead): Prisma.Sql {
  const cols: Prisma.Sql[] = [Prisma.sql`c.*`];
  let join = Prisma.empty;
  if (read.routing) {
    // Routing's own definition of what its first read takes (lib/routing/call-snapshot.ts).
    join = routingSnapshotJoin("c");
    cols.push(routingSnapshotColumns("c"));
  }
  (read.eventTypes ?? []).forEach((type, i) => {
    cols.push(Prisma.sql`(SELECT COUNT(*) FROM "CallEvent" e WHERE e."callId" = c."id" AND e."type" = ${type}) AS ${Prisma.raw(`"x_ev${i}"`)}`);
  });
  if (read.lastAssignment) {
    // Three scalar subqueries on the (callId) index: portable (SQLite has no LATERAL), a call has a few rows at most.
    for (const col of ["id", "agentId", "outcome"]) {
      cols.push(Prisma.sql`(SELECT s.${Prisma.raw(`"${col}"`)} FROM "AgentAssignment" s WHERE s."callId" = c."id"
        ORDER BY s."assignedAt" DESC, s."id" DESC LIMIT 1) AS ${Prisma.raw(`"x_a_${col}"`)}`);
    }
  }
  if (read.lastEventType) {
    cols.push(Prisma.sql`(SELECT e."detail" FROM "CallEvent" e WHERE e."callId" = c."id" AND e."type" = ${read.lastEventType}
      ORDER BY e."at" DESC, e."id" DESC LIMIT 1) AS "x_lastEvent"`);
  }
  return Prisma.sql`SELECT ${Prisma.join(cols)} FROM "Call" c ${join} WHERE c."callUuid" = ${callUuid}`;
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** Splits a row of stepCallSql (LEFT JOINed: all NULL when the call does not exist) into the call and its extras. */
export function knownCallFrom(
  row: Record<string, unknown> | undefined,
  read: StepRead,
  skip: readonly string[] = [],
  touched = false,
): KnownCall {
  if (!row || row.id === null || row.id === undefined) return { call: null, extras: null };
  const call: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) if (!k.startsWith(EXTRA) && !SNAPSHOT_COLUMNS.has(k) && !skip.includes(k)) call[k] = v;
  const events: Record<string, number> = {};
  (read.eventTypes ?? []).forEach((type, i) => (events[type] = toCount(row[`x_ev${i}`] as bigint | number | undefined)));
  return {
    call: call as Call,
    extras: {
      callId: String(row.id),
      customerPriority: read.routing ? num(row.customerPriority) : null,
      customerLastAgentId: read.routing ? ((row.customerLastAgentId as string | null) ?? null) : null,
      customerLastRating: read.routing ? num(row.customerLastRating) : null,
      assignmentsTried: read.routing ? toCount(row.assignmentsTried as bigint | number | undefined) : 0,
      events,
      ...(read.lastAssignment
        ? {
            lastAssignment:
              row.x_a_id === null || row.x_a_id === undefined
                ? null
                : { id: String(row.x_a_id), agentId: String(row.x_a_agentId), outcome: String(row.x_a_outcome) },
          }
        : {}),
      ...(read.lastEventType ? { lastEventDetail: (row.x_lastEvent as string | null | undefined) ?? null } : {}),
      ...(touched ? { touched } : {}),
    },
  };
}

/**
 * The tail of a SELECT that embeds a step's call read: its columns (`k.*`) and the FROM that yields one row even
 * when the call does not exist (all NULL: knownCallFrom reads that as "not seen yet").
 */
export function callRowOf(found: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`k.* FROM (SELECT 1 AS "one") o LEFT JOIN (${found}) k ON TRUE`;
}

/** Columns this module adds next to the call's own in the statements that embed stepCallSql. */
export const RECEIPT_COLUMNS = ["receiptFirstSeenMs", "receiptClaimed", "receiptCreated"] as const;

/**
 * A status callback on PostgreSQL: the replay guard's nonce upsert (replay-guard.ts checkNonce, same semantics) and
 * the call's pre-read in one statement. `stale` when the nonce was first seen outside the window.
 */
export async function nonceWithCall(
  db: Db,
  nonce: { nonce: string; nowMs: number; windowSeconds: number },
  callUuid: string,
  read: StepRead,
): Promise<{ replayOf: number } | { known: KnownCall }> {
  const [row] = await direct(db).$queryRaw<Array<Record<string, unknown>>>`
    WITH "seen" AS (${nonceUpsertSql(nonce.nonce, nonce.nowMs)})
    SELECT (SELECT "firstSeenMs" FROM "seen") AS "receiptFirstSeenMs", ${callRowOf(stepCallSql(callUuid, read))}`;
  const firstSeenMs = Number(row?.receiptFirstSeenMs ?? nonce.nowMs);
  if (outsideReplayWindow(firstSeenMs, nonce.nowMs, nonce.windowSeconds)) return { replayOf: firstSeenMs };
  return { known: knownCallFrom(row, read, RECEIPT_COLUMNS) };
}

/** For tests: the same pre-read as its own statement. */
export async function readStepCall(db: Db, callUuid: string, read: StepRead): Promise<KnownCall> {
  const [row] = await direct(db).$queryRaw<Array<Record<string, unknown>>>(stepCallSql(callUuid, read));
  return knownCallFrom(row, read);
}
