// Replay window for signed Plivo webhooks. A V3 signature has no timestamp, so a captured request stays valid for
// ever; we remember when each nonce was first seen. Inside the window (Plivo's retries: up to 5, each after at
// most 2 s connect + 40 s read) the request goes on and the receipts answer it idempotently as before; after it,
// it is refused. On the hot path this is one keyed statement: an upsert that returns the first-seen time.
// Retention: pruneWebhookNonces deletes nonces older than NONCE_RETENTION_DAYS in bounded batches (a replay older
// than that looks new again; by then the call it belongs to has long ended and its handlers only re-answer).
import { getDb, type Db } from "../db/client";
import { direct } from "../db/direct";
import { Prisma } from "../db/sql";
import { env } from "../env";
import { log } from "../log";

export const NONCE_RETENTION_DAYS = 30;

export type NonceVerdict = { fresh: true } | { fresh: false; firstSeenMs: number };

/**
 * The nonce's first sighting, recorded or read: one upsert returning "firstSeenMs". On its own here, and as the CTE
 * "seen" where PostgreSQL folds it into a step's first statement (lib/ivr/with-receipt.ts, lib/ivr/step-read.ts).
 */
export function nonceUpsertSql(nonce: string, nowMs: number): Prisma.Sql {
  return Prisma.sql`INSERT INTO "WebhookNonce" ("nonce", "firstSeenMs") VALUES (${nonce}, ${BigInt(nowMs)})
    ON CONFLICT ("nonce") DO UPDATE SET "nonce" = excluded."nonce"
    RETURNING "firstSeenMs"`;
}

/** A nonce first seen at `firstSeenMs` is outside the replay window at `nowMs`: the request is refused. */
export function outsideReplayWindow(firstSeenMs: number, nowMs: number, windowSeconds: number): boolean {
  return nowMs - firstSeenMs > windowSeconds * 1000;
}

/** Record the nonce (first sight) or read when it was first seen; stale when older than the window. */
export async function checkNonce(db: Db, nonce: string, nowMs = Date.now(), windowSeconds = env().security.replayWindowSeconds): Promise<NonceVerdict> {
  const rows = await direct(db).$queryRaw<{ firstSeenMs: bigint | number }[]>(nonceUpsertSql(nonce, nowMs));
  const firstSeenMs = Number(rows[0]?.firstSeenMs ?? nowMs);
  return outsideReplayWindow(firstSeenMs, nowMs, windowSeconds) ? { fresh: false, firstSeenMs } : { fresh: true };
}

/** How long a webhook waits for the nonce write before going on without it (the write still lands later). */
export const NONCE_CHECK_BUDGET_MS = 250;

/**
 * The webhook verifier's one-line call: a 403 response for a replay outside the window, otherwise null. A nonce
 * write that cannot finish within NONCE_CHECK_BUDGET_MS (SQLite's write lock held by another process) or fails lets
 * the signed request through: the replay window is defence in depth behind the signature and the idempotent receipts,
 * and a caller must not wait in silence for it (the step's own bounded wait answers "one moment" if the lock stays).
 */
export async function refuseReplay(nonce: string | null, path: string): Promise<Response | null> {
  // The signature check already required a nonce; bound it so a key stays small.
  if (!nonce || nonce.length > 128) return new Response("Forbidden", { status: 403, headers: { "content-type": "text/plain" } });
  let timer: NodeJS.Timeout | undefined;
  const verdict = await Promise.race([
    checkNonce(await getDb(), nonce).catch((err: unknown) => {
      log.warn({ path, err: err instanceof Error ? err.message : String(err) }, "replay check failed; request let through");
      return null;
    }),
    new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), NONCE_CHECK_BUDGET_MS);
    }),
  ]).finally(() => clearTimeout(timer));
  if (!verdict || verdict.fresh) return null;
  return replayRefused(path, verdict.firstSeenMs);
}

/** The 403 for a signed request whose nonce was first seen outside the window (here, or in the IVR's receipt claim). */
export function replayRefused(path: string, firstSeenMs: number): Response {
  log.warn({ path, firstSeenMs }, "plivo webhook replayed outside the retry window refused");
  return new Response("Forbidden", { status: 403, headers: { "content-type": "text/plain" } });
}

/**
 * Delete nonces first seen before `olderThanMs`, `batchSize` rows per statement and at most `maxBatches`
 * statements per call (a scheduler calls it again later), so no run holds the write lock for long.
 */
export async function pruneWebhookNonces(
  db: Db,
  options: { nowMs?: number; olderThanMs?: number; batchSize?: number; maxBatches?: number } = {},
): Promise<number> {
  const cutoff = BigInt(options.olderThanMs ?? (options.nowMs ?? Date.now()) - NONCE_RETENTION_DAYS * 86_400_000);
  const batchSize = options.batchSize ?? 1000;
  let deleted = 0;
  for (let i = 0; i < (options.maxBatches ?? 50); i++) {
    const n = await direct(db).$executeRaw`
      DELETE FROM "WebhookNonce" WHERE "nonce" IN (
        SELECT "nonce" FROM "WebhookNonce" WHERE "firstSeenMs" < ${cutoff} ORDER BY "firstSeenMs" LIMIT ${batchSize})`;
    deleted += n;
    if (n < batchSize) break;
  }
  return deleted;
}
