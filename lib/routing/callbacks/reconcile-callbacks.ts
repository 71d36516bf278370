// Recovery for callbacks (#18), run by reconcile: no callback stays DIALING or CONNECTED forever.
//   - its leg has ended (the hangup was handled but the settle was lost, or reconcile closed the leg): settle it;
//   - DIALING and the leg never answered within CALLBACK_DIALING_STALE_SECONDS (a lost hangup, a simulated ring
//     nobody took, a crash mid-dispatch): close the leg (its agent is released without a miss) and count the
//     attempt as failed, which puts the callback back in line after the retry delay or marks it FAILED at the limit;
//   - DIALING with no leg at all (a crash between the take and the leg's insert): back to PENDING, attempt given back.
// Every write is conditional on the state read, as in reconcile.ts, so concurrent runs change nothing twice.
import type { Db } from "../../db/client";
import { direct } from "../../db/direct";
import type { RoutingOptions } from "../config";
import { closeCall } from "../reconcile";
import { callbackConfig, type CallbackConfig } from "./request-callback";
import { settleEndedLeg } from "./settle-callback";

export async function reconcileCallbacks(
  db: Db,
  now: Date,
  opts: RoutingOptions & { callback?: Partial<CallbackConfig> } = {},
): Promise<{ settled: number }> {
  const cfg = callbackConfig(opts.callback);
  const staleBefore = new Date(now.getTime() - cfg.dialingStaleSeconds * 1000);
  const open = await direct(db).$queryRaw<
    Array<{ id: string; status: string; dialingSince: Date | null; legId: string | null; legExists: string | null; endedAt: Date | null; answeredAt: Date | null }>
  >`
    SELECT cb."id", cb."status", cb."dialingSince", cb."callbackCallId" AS "legId", c."id" AS "legExists", c."endedAt", c."answeredAt"
    FROM "Callback" cb LEFT JOIN "Call" c ON c."id" = cb."callbackCallId"
    WHERE cb."status" IN (${"DIALING"}, ${"CONNECTED"})`;
  let settled = 0;
  for (const cb of open) {
    const stale = cb.dialingSince !== null && cb.dialingSince < staleBefore;
    if (!cb.legId || !cb.legExists) {
      if (!stale) continue;
      const n = await direct(db).$executeRaw`
        UPDATE "Callback" SET "status" = ${"PENDING"}, "attempts" = "attempts" - 1, "dialingSince" = NULL, "callbackCallId" = NULL,
          "lastResult" = ${"dispatch interrupted"}, "updatedAt" = ${now}
        WHERE "id" = ${cb.id} AND "status" = ${"DIALING"} AND "dialingSince" < ${staleBefore}`;
      settled += n;
      continue;
    }
    if (!cb.endedAt) {
      if (!(cb.status === "DIALING" && stale && !cb.answeredAt)) continue;
      await closeCall(db, { callId: cb.legId, reason: `callback leg not answered within ${cfg.dialingStaleSeconds} s`, by: "reconcile" }, { ...opts, now });
    }
    if (await settleEndedLeg(db, cb.legId, cfg, now)) settled++;
  }
  return { settled };
}
