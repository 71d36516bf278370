// The waiting queue lives in the Call table (status QUEUED, queuedAt, placeAt), so every server instance sees the
// same order. Order is (place in line, id) per language and required skill, with the id breaking same-instant ties.
//
// Aging priority (#19): a caller's place in line is placeAt = queuedAt - priority x ROUTING_PRIORITY_BOOST_SECONDS
// (Customer.priority 0-3), fixed when they join the queue. Their effective priority, now - placeAt = waited +
// priority x boost, grows one second per second waited, so it never decreases, and a later caller of higher priority
// gets ahead only if they arrived within (priority gap x boost) seconds: nobody waits for ever behind VIPs. With
// priority 0 (or boost 0) placeAt = queuedAt: first come, first served as before. Every ordering of the queue (the
// hold position, "callers ahead", first-in-line gating, listQueue) goes through the helpers below, and only them.
import type { Db } from "../db/client";
import { direct } from "../db/direct";
import { Prisma, toCount } from "../db/sql";
import { env } from "../env";
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

/** The queue order (SQL side): rows of "Call" strictly ahead of a caller whose place in line is `at`. */
export function aheadOfSql(input: { callId: string; at: Date }): Prisma.Sql {
  const place = Prisma.sql`COALESCE("placeAt", "queuedAt")`;
  return Prisma.sql`(${place} < ${input.at} OR (${place} = ${input.at} AND "id" < ${input.callId}))`;
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

/**
 * How many live callers of this language and required skill are ahead of a caller whose place in line is `at`.
 * Callers needing another skill (or none) wait for other agents, so they neither block nor are blocked (#19); a
 * caller waiting for their preferred agent (preferred-agent.ts) does not hold up anyone until that wait is over.
 */
export async function callersAhead(
  db: Db,
  input: { callId: string; languageCode: string; at: Date; skill?: string | null },
  cfg: RoutingConfig,
  now: Date,
): Promise<number> {
  // Raw SQL: this runs on every routing decision (lib/db/sql.ts).
  const rows = await direct(db).$queryRaw<{ n: bigint | number }[]>`
    SELECT COUNT(*) AS "n" FROM "Call"
    WHERE "status" = ${"QUEUED"} AND "languageCode" = ${input.languageCode} AND "endedAt" IS NULL AND "id" <> ${input.callId}
      AND COALESCE("requiredSkill", '') = ${input.skill ?? ""}
      AND ("preferredUntil" IS NULL OR "preferredUntil" <= ${now})
      AND "queuedAt" >= ${staleQueueCutoff(cfg, now)} AND COALESCE("lastSeenAt", "queuedAt") >= ${queueSeenCutoff(now)}
      AND ${aheadOfSql(input)}`;
  return toCount(rows[0]?.n);
}

export type QueueEntry = {
  callId: string;
  languageCode: string;
  position: number;
  queuedAt: Date;
  placeAt: Date; // place in line (#19): queuedAt moved earlier by the caller's priority
  requiredSkill: string | null;
};

/** Callers waiting, in queue order, with their 1-based position within their language and required skill. */
export async function listQueue(db: Db): Promise<QueueEntry[]> {
  const calls = await db.call.findMany({
    where: { status: "QUEUED", endedAt: null, queuedAt: { not: null } },
    select: { id: true, languageCode: true, queuedAt: true, placeAt: true, requiredSkill: true },
  });
  calls.sort(compareQueueOrder);
  const positions = new Map<string, number>();
  const out: QueueEntry[] = [];
  for (const c of calls) {
    if (!c.queuedAt) continue;
    const languageCode = c.languageCode ?? "";
    const key = `${languageCode}|${c.requiredSkill ?? ""}`;
    const position = (positions.get(key) ?? 0) + 1;
    positions.set(key, position);
    out.push({ callId: c.id, languageCode, position, queuedAt: c.queuedAt, placeAt: c.placeAt ?? c.queuedAt, requiredSkill: c.requiredSkill });
  }
  return out;
}
