// The waiting queue lives in the Call table (status QUEUED, queuedAt, placeAt), so every server instance sees the
// same order. Order is (place in line, id) per language and required skill, with the id breaking same-instant ties.
//
// Aging priority (#19): a caller's place in line is placeAt = queuedAt - priority x ROUTING_PRIORITY_BOOST_SECONDS
// (Customer.priority 0-3), fixed when they join the queue. Their effective priority, now - placeAt = waited +
// priority x boost, grows one second per second waited, so it never decreases, and a later caller of higher priority
// gets ahead only if they arrived within (priority gap x boost) seconds: nobody waits for ever behind VIPs. With
// priority 0 (or boost 0) placeAt = queuedAt: first come, first served as before. Every ordering of the queue (the
// hold position, "callers ahead", first-in-line gating, listQueue) goes through the helpers below, and only them.
//
// Queued callbacks (#18, the Callback table, PENDING and due) stand in the same line at their placeAt, the place in
// line of the call that asked for them: placeBefore() below is THE ordering expression for both tables. A callback
// stands in its language's line for callers who need no particular skill.
import type { Db } from "../db/client";
import { direct } from "../db/direct";
import { Prisma, toCount } from "../db/sql";
import { env } from "../env";
import { claimableAt } from "./agent-pool";
import type { RoutingConfig } from "./config";

export const PRIORITY_MIN = 0;
export const PRIORITY_MAX = 3;

/** A caller's place in line: their arrival, moved earlier by their priority (clamped to 0-3). */
export function placeInLine(queuedAt: Date, priority: number, boostSeconds: number): Date {
  const p = Math.min(PRIORITY_MAX, Math.max(PRIORITY_MIN, Math.trunc(Number.isFinite(priority) ? priority : 0)));
  return new Date(queuedAt.getTime() - p * boostSeconds * 1000);
}

/** Seconds of "effective waiting" at `now`: the real wait plus the priority boost. Grows with time, never falls. */
export function effectivePrioritySeconds(placeAt: Date, now: Date): number {
  return (now.getTime() - placeAt.getTime()) / 1000;
}

type QueueKey = { id: string; placeAt: Date | null; queuedAt: Date | null };

/** The queue order (JS side): place in line (placeAt, or queuedAt for rows queued before #19), then id. */
export function compareQueueOrder(a: QueueKey, b: QueueKey): number {
  const pa = (a.placeAt ?? a.queuedAt)?.getTime() ?? Number.POSITIVE_INFINITY;
  const pb = (b.placeAt ?? b.queuedAt)?.getTime() ?? Number.POSITIVE_INFINITY;
  if (pa !== pb) return pa < pb ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

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

/** Where an entry stands in line: a live call by its place in line (#19), a callback by the place it kept. */
export const QUEUE_PLACE = {
  call: { place: Prisma.sql`COALESCE("placeAt", "queuedAt")`, id: Prisma.sql`"id"` },
  callback: { place: Prisma.sql`"placeAt"`, id: Prisma.sql`"id"` },
} as const;
type Place = (typeof QUEUE_PLACE)[keyof typeof QUEUE_PLACE];

/**
 * THE queue order, as SQL: the row described by `col` stands before (at, id). Lexicographic on (place, id), so live
 * calls and callbacks share one total order.
 */
export function placeBefore(col: Place, at: Date, id: string): Prisma.Sql {
  return Prisma.sql`(${col.place} < ${at} OR (${col.place} = ${at} AND ${col.id} < ${id}))`;
}

/** Rows of "Call" strictly ahead of a caller whose place in line is `at`. */
export function aheadOfSql(input: { callId: string; at: Date }): Prisma.Sql {
  return placeBefore(QUEUE_PLACE.call, input.at, input.callId);
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
 * How many of this language and required skill are ahead of the entry whose place in line is (`at`, `callId`): live
 * callers still polling, plus (for callers who need no particular skill) pending callbacks that are due (one in its
 * retry delay does not hold the line; one being dialled already has its agent). Callers needing another skill wait
 * for other agents, so they neither block nor are blocked (#19); a caller waiting for their preferred agent
 * (preferred-agent.ts) does not hold up anyone until that wait is over. Used by live callers (is someone ahead of
 * me?) and by the callback dispatcher alike.
 */
export async function callersAhead(
  db: Db,
  input: { callId: string; languageCode: string; at: Date; skill?: string | null },
  cfg: RoutingConfig,
  now: Date,
): Promise<number> {
  // Raw SQL, one statement: this runs on every routing decision (lib/db/sql.ts).
  const rows = await direct(db).$queryRaw<{ n: bigint | number; cb: bigint | number }[]>`
    SELECT ${aheadColumns(input, cfg, now)}`;
  return toCount(rows[0]?.n) + toCount(rows[0]?.cb);
}

/**
 * callersAhead, and in the same statement whether the database holds a claimable agent for this caller: of the
 * language (and the required skill), claimable now (agent-pool.ts claimableAt) and holding no call, not already rung
 * for this call. A routing decision that finds no candidate in its cached heap rebuilds the heap only when this says
 * one exists (issue #20: a head-of-line caller polling while every agent is busy rebuilt it on every poll), so
 * "queued" still never comes from a stale cache alone: the database said nobody could take the caller.
 */
export async function lineAndFloor(
  db: Db,
  input: { callId: string; languageCode: string; at: Date; skill?: string | null },
  cfg: RoutingConfig,
  now: Date,
): Promise<{ ahead: number; claimable: boolean }> {
  const skillJoin = input.skill
    ? Prisma.sql`JOIN "AgentSkill" k ON k."agentId" = g."id" AND k."skill" = ${input.skill}`
    : Prisma.empty;
  const rows = await direct(db).$queryRaw<{ n: bigint | number; cb: bigint | number; claimable: bigint | number | boolean }[]>`
    SELECT ${aheadColumns(input, cfg, now)},
      CASE WHEN EXISTS (SELECT 1 FROM "Agent" g
        JOIN "AgentLanguage" l ON l."agentId" = g."id" AND l."languageCode" = ${input.languageCode} ${skillJoin}
        WHERE ${claimableAt(now, "g")} AND g."currentCallId" IS NULL
          AND NOT EXISTS (SELECT 1 FROM "AgentAssignment" t WHERE t."callId" = ${input.callId} AND t."agentId" = g."id"))
      THEN 1 ELSE 0 END AS "claimable"`;
  return { ahead: toCount(rows[0]?.n) + toCount(rows[0]?.cb), claimable: Number(rows[0]?.claimable ?? 0) > 0 };
}

/** The callers (and due callbacks) ahead of `at` in this call's line, as one scalar expression (claim-agent.ts
 * claimIfFirstInLine counts them inside the claim's statement on PostgreSQL). */
export function aheadInLineSql(input: { callId: string; languageCode: string; at: Date; skill?: string | null }, cfg: RoutingConfig, now: Date): Prisma.Sql {
  const { calls, callbacks } = aheadCounts(input, cfg, now);
  return Prisma.sql`(${calls}) + (${callbacks})`;
}

/** The two counts of callersAhead, as columns of a SELECT without FROM. */
function aheadColumns(input: { callId: string; languageCode: string; at: Date; skill?: string | null }, cfg: RoutingConfig, now: Date): Prisma.Sql {
  const { calls, callbacks } = aheadCounts(input, cfg, now);
  return Prisma.sql`(${calls}) AS "n", (${callbacks}) AS "cb"`;
}

/** Queued live callers, and due pending callbacks, standing ahead of `at`: two scalar sub-selects. */
function aheadCounts(input: { callId: string; languageCode: string; at: Date; skill?: string | null }, cfg: RoutingConfig, now: Date) {
  const skill = input.skill ?? "";
  const calls = Prisma.sql`SELECT COUNT(*) FROM "Call"
      WHERE "status" = ${"QUEUED"} AND "languageCode" = ${input.languageCode} AND "endedAt" IS NULL AND "id" <> ${input.callId}
        AND COALESCE("requiredSkill", '') = ${skill}
        AND ("preferredUntil" IS NULL OR "preferredUntil" <= ${now})
        AND "queuedAt" >= ${staleQueueCutoff(cfg, now)} AND COALESCE("lastSeenAt", "queuedAt") >= ${queueSeenCutoff(now)}
        AND ${placeBefore(QUEUE_PLACE.call, input.at, input.callId)}`;
  const callbacks = Prisma.sql`SELECT COUNT(*) FROM "Callback"
      WHERE ${skill} = '' AND "status" = ${"PENDING"} AND "languageCode" = ${input.languageCode} AND "nextAttemptAt" <= ${now}
        AND "id" <> ${input.callId} AND ${placeBefore(QUEUE_PLACE.callback, input.at, input.callId)}`;
  return { calls, callbacks };
}

export type QueueEntry = {
  callId: string;
  languageCode: string;
  position: number;
  queuedAt: Date;
  placeAt: Date; // place in line (#19): queuedAt moved earlier by the caller's priority
  requiredSkill: string | null;
};

/**
 * Callers waiting, in queue order, with their 1-based position within their language and required skill. Positions
 * count the due pending callbacks standing ahead in the unskilled line (they are listed on their own, see
 * lib/routing/callbacks/list-callbacks.ts).
 */
export async function listQueue(db: Db, now = new Date()): Promise<QueueEntry[]> {
  const [calls, callbacks] = await Promise.all([
    // placeAt and queuedAt as plain columns (the driver types a column, not a COALESCE of two), combined below.
    direct(db).$queryRaw<Array<{ id: string; languageCode: string | null; queuedAt: Date; placeAt: Date | null; requiredSkill: string | null }>>`
      SELECT "id", "languageCode", "queuedAt", "placeAt", "requiredSkill" FROM "Call"
      WHERE "status" = ${"QUEUED"} AND "endedAt" IS NULL AND "queuedAt" IS NOT NULL ORDER BY ${queueOrderBy(QUEUE_PLACE.call)}`,
    direct(db).$queryRaw<Array<{ id: string; languageCode: string; at: Date }>>`
      SELECT "id", "languageCode", "placeAt" AS "at" FROM "Callback"
      WHERE "status" = ${"PENDING"} AND "nextAttemptAt" <= ${now} ORDER BY ${queueOrderBy(QUEUE_PLACE.callback)}`,
  ]);
  const line = [
    ...calls.map((c) => ({
      kind: "call" as const,
      id: c.id,
      languageCode: c.languageCode ?? "",
      at: new Date(c.placeAt ?? c.queuedAt),
      queuedAt: new Date(c.queuedAt),
      requiredSkill: c.requiredSkill,
    })),
    ...callbacks.map((c) => ({ kind: "callback" as const, id: c.id, languageCode: c.languageCode, at: new Date(c.at), queuedAt: new Date(c.at), requiredSkill: null })),
  ].sort(compareQueuePlace);
  const positions = new Map<string, number>();
  const out: QueueEntry[] = [];
  for (const e of line) {
    const key = `${e.languageCode}|${e.requiredSkill ?? ""}`;
    const position = (positions.get(key) ?? 0) + 1;
    positions.set(key, position);
    if (e.kind === "call") {
      out.push({ callId: e.id, languageCode: e.languageCode, position, queuedAt: e.queuedAt, placeAt: e.at, requiredSkill: e.requiredSkill });
    }
  }
  return out;
}
