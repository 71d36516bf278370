// Idempotent webhooks: the XML answered to a delivery is stored under its key (CallUUID + route + our URL markers
// + digits) and a repeated delivery gets exactly the same XML back without running the flow again. The row is
// claimed before the flow runs, so two concurrent deliveries cannot both run it; the second waits for the answer.
import type { Db } from "../db/client";
import { direct } from "../db/direct";
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

export type ReceiptOutcome = { xml: string; replayed: boolean } | { xml: null; busy: true };

export async function withReceipt(db: Db, key: string, produce: () => Promise<string>): Promise<ReceiptOutcome> {
  // Claim the key first: a first delivery (the common case) costs one insert; only a repeat reads the row.
  // Raw statements: this runs on every caller webhook (see lib/db/sql.ts for why).
  const claimed = await direct(db).$executeRaw`
    INSERT INTO "WebhookReceipt" ("key", "response", "createdAt") VALUES (${key}, ${PENDING}, ${new Date()})
    ON CONFLICT ("key") DO NOTHING`;
  if (claimed === 0) {
    const seen = await readReceipt(db, key);
    if (seen !== null && seen !== PENDING) return { xml: seen, replayed: true };
    if (!(await takeOver(db, key))) return waitForAnswer(db, key);
  }
  try {
    const xml = await produce();
    await direct(db).$executeRaw`UPDATE "WebhookReceipt" SET "response" = ${xml} WHERE "key" = ${key}`;
    return { xml, replayed: false };
  } catch (err) {
    // Let a later retry run the flow again rather than replay a failure.
    await direct(db).$executeRaw`DELETE FROM "WebhookReceipt" WHERE "key" = ${key}`.catch(() => undefined);
    throw err;
  }
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
