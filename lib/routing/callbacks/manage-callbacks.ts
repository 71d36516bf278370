// Supervisors' hold on queued callbacks (#18): see the open ones, cancel one, or move its next attempt. Only a
// PENDING callback can be changed (one being dialled has a phone ringing and an agent reserved); both writes are
// conditional on PENDING, so a change racing the dispatcher either lands before the take or reports "not pending".
import type { Db } from "../../db/client";
import { direct } from "../../db/direct";
import type { CallbackRow } from "./request-callback";

export type CallbackChange = { ok: true } | { ok: false; reason: "not-found" | "not-pending" };

async function why(db: Db, id: string): Promise<CallbackChange> {
  const [row] = await direct(db).$queryRaw<Array<{ status: string }>>`SELECT "status" FROM "Callback" WHERE "id" = ${id}`;
  return { ok: false, reason: row ? "not-pending" : "not-found" };
}

export async function cancelCallback(db: Db, id: string, now = new Date()): Promise<CallbackChange> {
  const n = await direct(db).$executeRaw`
    UPDATE "Callback" SET "status" = ${"CANCELLED"}, "activePhone" = NULL, "lastResult" = ${"cancelled by a supervisor"}, "updatedAt" = ${now}
    WHERE "id" = ${id} AND "status" = ${"PENDING"}`;
  return n > 0 ? { ok: true } : why(db, id);
}

/** Next attempt not before `at`. The place in line is kept: when it is due again it stands where it stood. */
export async function rescheduleCallback(db: Db, id: string, at: Date, now = new Date()): Promise<CallbackChange> {
  const n = await direct(db).$executeRaw`
    UPDATE "Callback" SET "nextAttemptAt" = ${at}, "lastResult" = ${"rescheduled by a supervisor"}, "updatedAt" = ${now}
    WHERE "id" = ${id} AND "status" = ${"PENDING"}`;
  return n > 0 ? { ok: true } : why(db, id);
}

export type OpenCallback = CallbackRow & { legStatus: string | null };

/** Open callbacks (pending, being dialled, connected), in line order per language. */
export async function listOpenCallbacks(db: Db): Promise<OpenCallback[]> {
  return direct(db).$queryRaw<OpenCallback[]>`
    SELECT cb.*, c."status" AS "legStatus" FROM "Callback" cb LEFT JOIN "Call" c ON c."id" = cb."callbackCallId"
    WHERE cb."status" IN (${"PENDING"}, ${"DIALING"}, ${"CONNECTED"})
    ORDER BY cb."languageCode" ASC, cb."placeAt" ASC, cb."id" ASC`;
}
