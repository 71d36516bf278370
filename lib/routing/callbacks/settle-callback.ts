// How a callback attempt ends (#18). Every transition is a conditional UPDATE on the state it expects and on the leg
// it belongs to (callbackCallId), so a retried hangup, a late machine-detection request or a reconcile pass running
// beside the webhook change it at most once.
//   reached   the customer talked to an agent on this leg -> COMPLETED (final; the number may ask again later)
//   otherwise attempts < maxAttempts -> PENDING again after CALLBACK_RETRY_DELAY_SECONDS, same place in line
//             attempts = maxAttempts -> FAILED (final)
import type { Db } from "../../db/client";
import { direct } from "../../db/direct";
import { sqlList } from "../../db/sql";
import type { CallbackConfig } from "./request-callback";

const OPEN = ["DIALING", "CONNECTED"] as const;

/** The customer answered the leg: DIALING -> CONNECTED (idempotent). */
export async function markLegAnswered(db: Db, input: { callbackId: string; legId: string; now: Date }): Promise<boolean> {
  const n = await direct(db).$executeRaw`
    UPDATE "Callback" SET "status" = ${"CONNECTED"}, "lastResult" = ${"answered"}, "updatedAt" = ${input.now}
    WHERE "id" = ${input.callbackId} AND "status" = ${"DIALING"} AND "callbackCallId" = ${input.legId}`;
  return n > 0;
}

/** A leg that never got going (no agent, limits, refused, stale): ended as FAILED with the reason in its timeline. */
export async function closeLeg(db: Db, legId: string, now: Date, reason: string): Promise<void> {
  await direct(db).$transaction(async (tx) => {
    const n = await tx.$executeRaw`
      UPDATE "Call" SET "status" = ${"FAILED"}, "endedAt" = ${now}, "hangupCause" = ${reason}, "updatedAt" = ${now}
      WHERE "id" = ${legId} AND "endedAt" IS NULL`;
    if (n > 0) {
      await tx.$executeRaw`
        INSERT INTO "CallEvent" ("callId", "type", "detail", "at") VALUES (${legId}, ${"callback.leg-closed"}, ${JSON.stringify({ reason })}, ${now})`;
    }
  });
}

/**
 * Settle the attempt on `legId`. `countAttempt: false` gives the attempt back (it never reached the telephone
 * network, e.g. the daily cap). Returns the callback's new status, or null when it was already settled.
 */
export async function settleAttempt(
  db: Db,
  input: { callbackId: string; legId: string; reached: boolean; result: string; now: Date },
  cfg: Pick<CallbackConfig, "retryDelaySeconds">,
  opts: { countAttempt?: boolean; retryAfterSeconds?: number; final?: "FAILED" } = {},
): Promise<"COMPLETED" | "PENDING" | "FAILED" | null> {
  const { callbackId, legId, now } = input;
  if (input.reached) {
    const n = await direct(db).$executeRaw`
      UPDATE "Callback" SET "status" = ${"COMPLETED"}, "activePhone" = NULL, "lastResult" = ${input.result}, "dialingSince" = NULL, "updatedAt" = ${now}
      WHERE "id" = ${callbackId} AND "status" IN (${sqlList(OPEN)}) AND "callbackCallId" = ${legId}`;
    return n > 0 ? "COMPLETED" : null;
  }
  const giveBack = opts.countAttempt === false ? 1 : 0;
  const next = new Date(now.getTime() + (opts.retryAfterSeconds ?? cfg.retryDelaySeconds) * 1000);
  if (opts.final !== "FAILED") {
    // Attempts left: back in line at the same place, due after the delay.
    const retried = await direct(db).$executeRaw`
      UPDATE "Callback" SET "status" = ${"PENDING"}, "attempts" = "attempts" - ${giveBack}, "nextAttemptAt" = ${next},
        "dialingSince" = NULL, "lastResult" = ${input.result}, "updatedAt" = ${now}
      WHERE "id" = ${callbackId} AND "status" IN (${sqlList(OPEN)}) AND "callbackCallId" = ${legId}
        AND "attempts" - ${giveBack} < "maxAttempts"`;
    if (retried > 0) return "PENDING";
  }
  const failed = await direct(db).$executeRaw`
    UPDATE "Callback" SET "status" = ${"FAILED"}, "activePhone" = NULL, "dialingSince" = NULL, "lastResult" = ${input.result}, "updatedAt" = ${now}
    WHERE "id" = ${callbackId} AND "status" IN (${sqlList(OPEN)}) AND "callbackCallId" = ${legId}`;
  return failed > 0 ? "FAILED" : null;
}

/**
 * The leg's call has ended (its hangup, or reconcile closed it): settle the attempt from what the call shows. The
 * customer counts as reached only if an agent talked to them; an answering machine (machine detection), no answer,
 * busy, or a hang-up before the agent answered all count as not reached.
 */
export async function settleEndedLeg(db: Db, legId: string, cfg: Pick<CallbackConfig, "retryDelaySeconds">, now = new Date()) {
  const [leg] = await direct(db).$queryRaw<
    Array<{ callbackId: string | null; agentConnectedAt: Date | null; hangupCause: string | null; endedAt: Date | null; machine: bigint | number }>
  >`
    SELECT c."callbackId", c."agentConnectedAt", c."hangupCause", c."endedAt",
      (SELECT COUNT(*) FROM "CallEvent" e WHERE e."callId" = c."id" AND e."type" = ${"callback.machine"}) AS "machine"
    FROM "Call" c WHERE c."id" = ${legId}`;
  if (!leg?.callbackId || !leg.endedAt) return null;
  const reached = leg.agentConnectedAt !== null;
  const result = reached ? "talked" : Number(leg.machine) > 0 ? "machine" : (leg.hangupCause ?? "not-answered");
  return settleAttempt(db, { callbackId: leg.callbackId, legId, reached, result, now }, cfg);
}
