// Retention: deletes what is past its age, table by table, in small batches. Each batch is one autocommitted DELETE
// of at most `batchSize` rows found through an index on the age column, so SQLite's single write lock is held for
// a few milliseconds at a time and a webhook waiting for it is never held up for long (bench:data measures the
// longest batch and a concurrent webhook's delay). Calls, feedback and agent statistics are never pruned; before
// routing decisions go, the call keeps when it first reached routing (Call.routedAt), so analytics do not change.
import type { Db } from "../db/client";
import { direct } from "../db/direct";
import { Prisma } from "../db/sql";
import { env } from "../env";

export type RetentionPolicy = {
  receiptsHours: number;
  eventsDays: number;
  decisionsDays: number;
  assignmentsDays: number;
  batchSize: number;
};

export type PruneOptions = {
  now?: Date;
  policy?: Partial<RetentionPolicy>;
  /** Stop starting new batches after this long (a serverless function's time limit); the next run continues. */
  timeBudgetMs?: number;
  /**
   * Pause between batches so waiting writers get the lock. Default on SQLite: 30 ms, longer than the longest step
   * of a writer's busy retry (retryWhileBusy, up to 30 ms), so a webhook waiting for the write lock always retries
   * inside a pause instead of missing it again and again; on PostgreSQL (row locks) 2 ms.
   */
  pauseMs?: number;
  /**
   * Each batch aims to hold the write lock at most this long: a slower batch halves the next one's size (quarters it
   * past twice the target), a fast one (under half of it) grows it again up to the policy's batchSize (at most
   * SQLITE_MAX_BATCH on SQLite). Default 5 ms on SQLite, none on PostgreSQL.
   */
  batchTargetMs?: number;
  /** SQLite: checkpoint the WAL after each batch (off by default; pruneInWorker turns it on, see below). */
  checkpointEveryBatch?: boolean;
};

/** SQLite: rows per batch at most, whatever RETENTION_BATCH_SIZE says (a batch holds the database's one write lock). */
export const SQLITE_MAX_BATCH = 100;

export type PruneResult = {
  receipts: number;
  events: number;
  /** AgentStateChange rows (#17's state history), kept as long as call events. */
  stateChanges: number;
  decisions: number;
  candidates: number;
  assignments: number;
  batches: number;
  /** Longest single batch (a statement holding the write lock), milliseconds. */
  longestBatchMs: number;
  /** 99th percentile of the batches' durations (how long a batch usually holds the write lock), milliseconds. */
  batchP99Ms: number;
  /** SQLite: longest WAL checkpoint between batches, milliseconds (0 on PostgreSQL). */
  longestCheckpointMs: number;
  /** Rows per batch the pass ended with (it adapts to batchTargetMs). */
  lastBatchSize: number;
  /** True when the time budget ran out with rows still to prune. */
  more: boolean;
  ms: number;
};

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** One pruning pass over every table with a retention period. */
export async function pruneOnce(db: Db, opts: PruneOptions = {}): Promise<PruneResult> {
  const policy: RetentionPolicy = { ...env().retention, ...opts.policy };
  const now = opts.now ?? new Date();
  const started = performance.now();
  const deadline = started + (opts.timeBudgetMs ?? 20_000);
  const sql = direct(db);
  const postgres = (await sql.provider()) === "postgres";
  const pause = opts.pauseMs ?? (postgres ? 2 : 30);
  // PostgreSQL locks rows, not the database: a long batch delays no webhook, and shrinking batches on a busy server
  // only slowed the pass (one row at a time under load), so there batches keep the policy's size.
  const target = opts.batchTargetMs ?? (postgres ? Infinity : 5);
  const result: PruneResult = { receipts: 0, events: 0, stateChanges: 0, decisions: 0, candidates: 0, assignments: 0, batches: 0, longestBatchMs: 0, batchP99Ms: 0, longestCheckpointMs: 0, lastBatchSize: 0, more: false, ms: 0 };
  // Rows per batch, adapted as the pass goes: a large batch of decisions with candidates held SQLite's lock for
  // 550 ms at 200k calls, so the size follows measured time, not a guess of row cost.
  const maxBatch = postgres ? policy.batchSize : Math.min(policy.batchSize, SQLITE_MAX_BATCH);
  let n = maxBatch;
  // Each table starts small and grows while batches stay fast: rows differ in cost (a receipt carries its XML, a
  // decision takes its candidates along), so the size learned on one table says little about the next.
  const firstBatch = postgres ? policy.batchSize : Math.min(maxBatch, 10);
  // SQLite: with `checkpointEveryBatch` the WAL is checkpointed (PASSIVE) after each batch, so no webhook's commit
  // crosses SQLite's 1,000-page auto-checkpoint mark and pays for a 4 MB copy and its fsync. At 100,000 calls on
  // this loaded machine (load 18) it cut the concurrent writer's worst wait from 257 to 121 ms (p99 14 vs 16 ms), but
  // its own checkpoints, on the server's event loop, took up to 378 ms: so off by default here, and on in the worker
  // thread the self-hosted server prunes on (run-in-worker.ts), where they hold up no webhook.
  const checkpoint = postgres || !opts.checkpointEveryBatch ? null : () => sql.$queryRaw`PRAGMA wal_checkpoint(PASSIVE)`;

  const batchMs: number[] = []; // every batch's duration, for batchP99Ms
  /** Run `batch` until it deletes fewer than it asked for or time runs out; returns rows deleted. */
  const drain = async (batch: (limit: number) => Promise<number>) => {
    let total = 0;
    n = firstBatch;
    for (;;) {
      if (performance.now() > deadline) {
        result.more = true;
        return total;
      }
      const t = performance.now();
      const limit = n;
      const deleted = await batch(limit);
      const took = performance.now() - t;
      result.longestBatchMs = Math.max(result.longestBatchMs, took);
      batchMs.push(took);
      result.batches++;
      total += deleted;
      if (took > 2 * target) n = Math.max(1, Math.floor(n / 4));
      else if (took > target) n = Math.max(1, Math.floor(n / 2));
      else if (took < target / 2) n = Math.min(maxBatch, Math.ceil(n * 1.5));
      result.lastBatchSize = n;
      await new Promise((r) => setImmediate(r)); // let a waiting webhook's statements in before anything else
      if (checkpoint) {
        const c = performance.now();
        await checkpoint();
        result.longestCheckpointMs = Math.max(result.longestCheckpointMs, performance.now() - c);
      }
      if (deleted < limit) return total;
      await new Promise((r) => setTimeout(r, pause));
    }
  };

  const receiptsBefore = new Date(now.getTime() - policy.receiptsHours * HOUR);
  result.receipts = await drain((n) =>
    sql.$executeRaw`DELETE FROM "WebhookReceipt" WHERE "key" IN (
      SELECT "key" FROM "WebhookReceipt" WHERE "createdAt" < ${receiptsBefore} ORDER BY "createdAt" LIMIT ${n})`,
  );

  const eventsBefore = new Date(now.getTime() - policy.eventsDays * DAY);
  result.events = await drain((n) =>
    sql.$executeRaw`DELETE FROM "CallEvent" WHERE "id" IN (
      SELECT "id" FROM "CallEvent" WHERE "at" < ${eventsBefore} ORDER BY "at" LIMIT ${n})`,
  );

  result.stateChanges = await drain((n) =>
    sql.$executeRaw`DELETE FROM "AgentStateChange" WHERE "id" IN (
      SELECT "id" FROM "AgentStateChange" WHERE "at" < ${eventsBefore} ORDER BY "at" LIMIT ${n})`,
  );

  const decisionsBefore = new Date(now.getTime() - policy.decisionsDays * DAY);
  result.decisions = await drain(async (n) => {
    const oldDecisions = Prisma.sql`SELECT "id" FROM "RoutingDecision" WHERE "createdAt" < ${decisionsBefore} ORDER BY "createdAt", "id" LIMIT ${n}`;
    // One transaction per batch: the call keeps its routedAt, the candidates go, then their decisions.
    return sql.$transaction(async (tx) => {
      await tx.$executeRaw`UPDATE "Call" SET "routedAt" = (SELECT MIN(d."createdAt") FROM "RoutingDecision" d WHERE d."callId" = "Call"."id")
        WHERE "routedAt" IS NULL AND "id" IN (SELECT "callId" FROM "RoutingDecision" WHERE "id" IN (${oldDecisions}))`;
      result.candidates += await tx.$executeRaw`DELETE FROM "RoutingCandidate" WHERE "decisionId" IN (${oldDecisions})`;
      return tx.$executeRaw`DELETE FROM "RoutingDecision" WHERE "id" IN (${oldDecisions})`;
    });
  });

  // Open assignments (PENDING) belong to live calls and stay whatever their age.
  const assignmentsBefore = new Date(now.getTime() - policy.assignmentsDays * DAY);
  result.assignments = await drain((n) =>
    sql.$executeRaw`DELETE FROM "AgentAssignment" WHERE "id" IN (
      SELECT "id" FROM "AgentAssignment" WHERE "assignedAt" < ${assignmentsBefore} AND "outcome" <> ${"PENDING"} ORDER BY "assignedAt" LIMIT ${n})`,
  );

  result.ms = Math.round(performance.now() - started);
  result.longestBatchMs = Math.round(result.longestBatchMs * 100) / 100;
  batchMs.sort((a, b) => a - b);
  result.batchP99Ms = Math.round((batchMs[Math.floor(batchMs.length * 0.99)] ?? 0) * 100) / 100;
  result.longestCheckpointMs = Math.round(result.longestCheckpointMs * 100) / 100;
  return result;
}

/** Fill Call.routedAt from the call's first decision where it is missing (rows written before the column existed). */
export async function backfillRoutedAt(db: Db): Promise<number> {
  return direct(db).$executeRaw`UPDATE "Call" SET "routedAt" = (SELECT MIN(d."createdAt") FROM "RoutingDecision" d WHERE d."callId" = "Call"."id")
    WHERE "routedAt" IS NULL AND EXISTS (SELECT 1 FROM "RoutingDecision" d WHERE d."callId" = "Call"."id")`;
}
