// The waiting queue lives in the Call table (status QUEUED, queuedAt), so every server instance sees the same
// order. Order is (queuedAt, id): first come, first served per language, with the id breaking same-instant ties.
import type { Db } from "../db/client";
import { direct } from "../db/direct";
import { toCount } from "../db/sql";
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

/** How many live callers of this language are ahead of a caller whose place in line is `at`. */
export async function callersAhead(
  db: Db,
  input: { callId: string; languageCode: string; at: Date },
  cfg: RoutingConfig,
  now: Date,
): Promise<number> {
  // Raw SQL: this runs on every routing decision (lib/db/sql.ts).
  const rows = await direct(db).$queryRaw<{ n: bigint | number }[]>`
    SELECT COUNT(*) AS "n" FROM "Call"
    WHERE "status" = ${"QUEUED"} AND "languageCode" = ${input.languageCode} AND "endedAt" IS NULL AND "id" <> ${input.callId}
      AND "queuedAt" >= ${staleQueueCutoff(cfg, now)} AND COALESCE("lastSeenAt", "queuedAt") >= ${queueSeenCutoff(now)}
      AND ("queuedAt" < ${input.at} OR ("queuedAt" = ${input.at} AND "id" < ${input.callId}))`;
  return toCount(rows[0]?.n);
}

export type QueueEntry = { callId: string; languageCode: string; position: number; queuedAt: Date };

/** Callers waiting, oldest first, with their 1-based position within their language. */
export async function listQueue(db: Db): Promise<QueueEntry[]> {
  const calls = await db.call.findMany({
    where: { status: "QUEUED", endedAt: null, queuedAt: { not: null } },
    select: { id: true, languageCode: true, queuedAt: true },
    orderBy: [{ queuedAt: "asc" }, { id: "asc" }],
  });
  const positions = new Map<string, number>();
  const out: QueueEntry[] = [];
  for (const c of calls) {
    if (!c.queuedAt) continue;
    const languageCode = c.languageCode ?? "";
    const position = (positions.get(languageCode) ?? 0) + 1;
    positions.set(languageCode, position);
    out.push({ callId: c.id, languageCode, position, queuedAt: c.queuedAt });
  }
  return out;
}
