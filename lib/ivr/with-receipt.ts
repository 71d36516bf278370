// Idempotent webhooks: the XML answered to a delivery is stored under its key (CallUUID + route + our URL markers
// + digits) and a repeated delivery gets exactly the same XML back without running the flow again. The row is
// claimed before the flow runs, so two concurrent deliveries cannot both run it; the second waits for the answer.
//
// The answer is stored after the response has gone out (issue #20: the caller does not need that write, and on a
// hosted PostgreSQL it was a round trip of their wait). Until it lands, a repeated delivery to this instance gets the
// answer from memory (`answering`), one to another instance waits for it as it waits for a live first delivery
// (waitForAnswer, bounded, then "one moment"). Answers are stored many per statement with one statement in flight
// (answer-store.ts: under load a handful of statements a second instead of one per webhook). A failed store is
// retried; if it never lands or the process dies first the receipt stays pending and a redelivery after
// PENDING_TAKEOVER_MS runs the step again, as after a crash mid-step.
import type { Db } from "../db/client";
import { direct } from "../db/direct";
import { Prisma, sqlList } from "../db/sql";
import { createAnswerStore, type AnswerBatch, type AnswerStore } from "./answer-store";
import { defer } from "./defer";
import { nonceUpsertSql, outsideReplayWindow } from "../telephony/replay-guard";
import { callRowOf, knownCallFrom, RECEIPT_COLUMNS, stepCallSql, type KnownCall, type StepRead } from "./step-read";
import type { IvrQuery, PlivoCallParams } from "./webhook-params";

const PENDING = "";
const WAIT_STEP_MS = 50;
const WAIT_MAX_MS = 2000;
/**
 * A receipt still pending after this long belongs to a delivery that died mid-flow (a crash, a restart): a
 * redelivery takes it over and runs the step itself. A live first delivery answers in milliseconds.
 */
export const PENDING_TAKEOVER_MS = 5_000;

export function receiptKey(route: string, p: PlivoCallParams, q: IvrQuery): string {
  const markers = [`a${q.a}`, `n${q.n}`, `d${q.d}`, q.noinput ? "noinput" : "", q.offer ? "offer" : ""].join(",");
  return `${p.CallUUID}|${route}|${markers}|${p.Digits ?? ""}`;
}

export type ReceiptOutcome =
  | { xml: string; replayed: boolean }
  | { xml: null; busy: true }
  /** The request's signature nonce was first seen outside the replay window (replay-guard.ts): refuse it. */
  | { xml: null; replayOf: number };

/** The replay guard's check, when the caller left it to the receipt claim (PostgreSQL: one statement for both). */
export type NonceCheck = { nonce: string; nowMs: number; windowSeconds: number };

/**
 * The step's call, read in the claim's statement (step-read.ts; PostgreSQL, with the nonce). `create`: the CTEs that
 * make the call when it does not exist yet, written only if this delivery claims the step (call-store.ts
 * newCallCtes; the answer URL's step, whose read takes the call's own columns only).
 */
export type ClaimPreread = { callUuid: string; read: StepRead; create?: (gate: Prisma.Sql) => Prisma.Sql };

export async function withReceipt(
  db: Db,
  key: string,
  produce: (known?: KnownCall) => Promise<string>,
  nonce?: NonceCheck,
  preread?: ClaimPreread,
): Promise<ReceiptOutcome> {
  // Claim the key first: a first delivery (the common case) costs one insert; only a repeat reads the row.
  // Raw statements: this runs on every caller webhook (see lib/db/sql.ts for why).
  const claim = await claimKey(db, key, nonce, preread);
  if ("replayOf" in claim) return { xml: null, replayOf: claim.replayOf };
  if (!claim.claimed) {
    const answered = answering.get(key);
    if (answered !== undefined) return { xml: answered, replayed: true };
    const seen = await readReceipt(db, key);
    if (seen !== null && seen !== PENDING) return { xml: seen, replayed: true };
    if (!(await takeOver(db, key))) return waitForAnswer(db, key);
  }
  try {
    // A taken-over or repeated key was not read with the claim (it is not this statement's row): the step reads.
    const xml = await produce("known" in claim ? claim.known : undefined);
    storeAnswer(db, key, xml);
    return { xml, replayed: false };
  } catch (err) {
    // Let a later retry run the flow again rather than replay a failure.
    await direct(db).$executeRaw`DELETE FROM "WebhookReceipt" WHERE "key" = ${key}`.catch(() => undefined);
    throw err;
  }
}

/**
 * Insert the pending receipt. With a nonce to check (PostgreSQL only): the replay guard's nonce upsert and the claim
 * in one statement (issue #20: one round trip instead of two), the claim made only when the nonce is inside the
 * window, so a refused replay leaves no receipt behind. Same semantics as refuseReplay then withReceipt.
 */
async function claimKey(
  db: Db,
  key: string,
  nonce?: NonceCheck,
  preread?: ClaimPreread,
): Promise<{ claimed: boolean; known?: KnownCall } | { replayOf: number }> {
  const createdAt = new Date();
  if (!nonce) {
    const claimed = await direct(db).$executeRaw`
      INSERT INTO "WebhookReceipt" ("key", "response", "createdAt") VALUES (${key}, ${PENDING}, ${createdAt})
      ON CONFLICT ("key") DO NOTHING`;
    return { claimed: claimed > 0 };
  }
  const freshSince = BigInt(nonce.nowMs - nonce.windowSeconds * 1000);
  // With a pre-read the step's call rides along (LEFT JOIN: a row even when the call does not exist yet).
  // A hold-loop poll stamps its call's proof of life here, only when this delivery claimed the step.
  const touch = preread?.read.touch
    ? Prisma.sql`, "touched" AS (
      UPDATE "Call" SET "lastSeenAt" = CAST(${createdAt} AS TIMESTAMP(3)) WHERE "callUuid" = ${preread.callUuid} AND EXISTS (SELECT 1 FROM "claimed")
    )`
    : Prisma.empty;
  let create = Prisma.empty;
  let call = Prisma.empty;
  if (preread) {
    const read = stepCallSql(preread.callUuid, preread.read);
    if (preread.create) {
      create = Prisma.sql`, ${preread.create(Prisma.sql`EXISTS (SELECT 1 FROM "claimed")`)}`;
      // The call as it was, or as this statement made it (the snapshot does not see "created": hence the UNION).
      call = Prisma.sql`, (SELECT COUNT(*) FROM "created") AS "receiptCreated", ${callRowOf(Prisma.sql`${read} UNION ALL SELECT * FROM "created"`)}`;
    } else {
      call = Prisma.sql`, 0 AS "receiptCreated", ${callRowOf(read)}`;
    }
  }
  const [row] = await direct(db).$queryRaw<Array<Record<string, unknown> & { receiptFirstSeenMs: bigint | number | null; receiptClaimed: bigint | number }>>`
    WITH "seen" AS (${nonceUpsertSql(nonce.nonce, nonce.nowMs)}), "claimed" AS (
      INSERT INTO "WebhookReceipt" ("key", "response", "createdAt")
      SELECT ${key}, ${PENDING}, CAST(${createdAt} AS TIMESTAMP(3)) FROM "seen" WHERE "seen"."firstSeenMs" >= ${freshSince}
      ON CONFLICT ("key") DO NOTHING
      RETURNING 1
    )${touch}${create}
    SELECT (SELECT "firstSeenMs" FROM "seen") AS "receiptFirstSeenMs", (SELECT COUNT(*) FROM "claimed") AS "receiptClaimed"${call}`;
  const firstSeenMs = Number(row?.receiptFirstSeenMs ?? nonce.nowMs);
  if (outsideReplayWindow(firstSeenMs, nonce.nowMs, nonce.windowSeconds)) return { replayOf: firstSeenMs };
  const claimed = Number(row?.receiptClaimed ?? 0) > 0;
  if (!claimed || !preread) return { claimed };
  const known = knownCallFrom(row, preread.read, RECEIPT_COLUMNS, Boolean(preread.read.touch));
  return { claimed, known: Number(row?.receiptCreated ?? 0) > 0 ? { ...known, created: true } : known };
}

/** Answers produced here whose store has not landed yet (each lives for one write). */
const answering = new Map<string, string>();
/** Delays before each retry of a failed store (the database busy, a dropped connection). */
export const STORE_RETRY_DELAYS_MS = [50, 250, 1_000];

/** One answer store per client: many answers per statement, one statement in flight (answer-store.ts). */
const stores = new WeakMap<Db, AnswerStore>();

function answerStore(db: Db): AnswerStore {
  let store = stores.get(db);
  if (!store) {
    store = createAnswerStore({ write: (batch) => writeAnswers(db, batch), retryDelaysMs: STORE_RETRY_DELAYS_MS });
    stores.set(db, store);
  }
  return store;
}

/** One statement for a batch of answers (portable: a CASE on the key, no UPDATE ... FROM). */
export async function writeAnswers(db: Db, batch: AnswerBatch): Promise<void> {
  if (batch.length === 0) return;
  const cases = batch.map((a) => Prisma.sql`WHEN ${a.key} THEN ${a.xml}`);
  await direct(db).$executeRaw`
    UPDATE "WebhookReceipt" SET "response" = CASE "key" ${Prisma.join(cases, " ")} ELSE "response" END
    WHERE "key" IN (${sqlList(batch.map((a) => a.key))})`;
}

/** Store the answer after the response (defer: next/server after() in a request, the next event-loop turn elsewhere). */
function storeAnswer(db: Db, key: string, xml: string): void {
  answering.set(key, xml);
  // after() keeps a serverless function alive until the promise settles: until this answer's batch has landed.
  defer(() =>
    answerStore(db)
      .store(key, xml)
      .then(() => {
        if (answering.get(key) === xml) answering.delete(key);
      }),
  );
}

/** Claim a pending receipt whose delivery has been silent for PENDING_TAKEOVER_MS; one taker wins (conditional). */
async function takeOver(db: Db, key: string, now = new Date()): Promise<boolean> {
  const taken = await direct(db).$executeRaw`
    UPDATE "WebhookReceipt" SET "createdAt" = ${now}
    WHERE "key" = ${key} AND "response" = ${PENDING} AND "createdAt" < ${new Date(now.getTime() - PENDING_TAKEOVER_MS)}`;
  return taken > 0;
}

async function readReceipt(db: Db, key: string): Promise<string | null> {
  const rows = await direct(db).$queryRaw<{ response: string }[]>`SELECT "response" FROM "WebhookReceipt" WHERE "key" = ${key}`;
  return rows[0]?.response ?? null;
}

async function waitForAnswer(db: Db, key: string): Promise<ReceiptOutcome> {
  for (let waited = 0; waited < WAIT_MAX_MS; waited += WAIT_STEP_MS) {
    await new Promise((r) => setTimeout(r, WAIT_STEP_MS));
    const response = await readReceipt(db, key);
    if (response === null) break; // the first delivery failed and released the key
    if (response !== PENDING) return { xml: response, replayed: true };
  }
  return { xml: null, busy: true };
}

/** Receipts only matter while Plivo may still retry a delivery (seconds); the reconcile cron drops old ones. */
export const RECEIPT_RETENTION_MS = 24 * 60 * 60 * 1000;

export async function pruneReceipts(db: Db, now = new Date()): Promise<number> {
  const { count } = await db.webhookReceipt.deleteMany({ where: { createdAt: { lt: new Date(now.getTime() - RECEIPT_RETENTION_MS) } } });
  return count;
}
