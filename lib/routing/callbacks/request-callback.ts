// A caller on hold asked to be called back (#18). The callback takes the caller's place in line (placeAt = the
// queuedAt of the call that asked), and a number has at most one open callback: a second request from the same number
// is merged into the open one, which keeps the earlier of the two places. The guard is the unique, nullable
// activePhone column (set while PENDING/DIALING/CONNECTED, NULL once final), so two concurrent requests cannot both
// insert: INSERT ... ON CONFLICT ("activePhone") DO UPDATE is one atomic statement on SQLite and PostgreSQL.
import type { Db } from "../../db/client";
import { direct } from "../../db/direct";
import { sortableId } from "../../db/sql";
import { env } from "../../env";
import type { CallbackStatus } from "../../generated/prisma/enums";

export type CallbackConfig = ReturnType<typeof env>["callback"];
export function callbackConfig(overrides?: Partial<CallbackConfig>): CallbackConfig {
  return { ...env().callback, ...overrides };
}

export type CallbackRow = {
  id: string;
  originCallId: string;
  phone: string;
  languageCode: string;
  placeAt: Date;
  status: CallbackStatus;
  attempts: number;
  maxAttempts: number;
  nextAttemptAt: Date;
  dialingSince: Date | null;
  lastResult: string | null;
  callbackCallId: string | null;
  mergedRequests: number;
  createdAt: Date;
};

export async function requestCallback(
  db: Db,
  input: { originCallId: string; phone: string; languageCode: string; placeAt: Date; now?: Date },
  cfg: CallbackConfig = callbackConfig(),
): Promise<{ callback: CallbackRow; merged: boolean }> {
  const now = input.now ?? new Date();
  const id = sortableId(now.getTime());
  // A merge keeps the earlier place and leaves a callback being dialled alone (its place no longer matters).
  const [row] = await direct(db).$queryRaw<CallbackRow[]>`
    INSERT INTO "Callback" ("id", "originCallId", "phone", "activePhone", "languageCode", "placeAt", "status", "attempts",
      "maxAttempts", "nextAttemptAt", "mergedRequests", "createdAt", "updatedAt")
    VALUES (${id}, ${input.originCallId}, ${input.phone}, ${input.phone}, ${input.languageCode}, ${input.placeAt}, ${"PENDING"}, ${0},
      ${cfg.maxAttempts}, ${now}, ${0}, ${now}, ${now})
    ON CONFLICT ("activePhone") DO UPDATE SET
      "placeAt" = CASE WHEN "Callback"."status" = ${"PENDING"} AND excluded."placeAt" < "Callback"."placeAt" THEN excluded."placeAt" ELSE "Callback"."placeAt" END,
      "mergedRequests" = "Callback"."mergedRequests" + 1,
      "updatedAt" = excluded."updatedAt"
    RETURNING *`;
  if (!row) throw new Error("callback request returned no row");
  return { callback: row, merged: row.id !== id };
}
