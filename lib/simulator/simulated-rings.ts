// The simulator's side of a queued callback's outbound leg (#18): without Plivo credentials, placeCall places no
// call, so the leg's Call row (RINGING, placeholder CallUUID, callbackId set) IS the ringing phone. The browser phone
// (and the tests' transport) list these rings and answer one by requesting its answer URL as Plivo would; the
// leg's webhook URLs are rebuilt exactly as the dispatcher built them (lib/ivr/callback-dispatch.ts).
import { z } from "zod";
import type { Db } from "../db/client";
import { direct } from "../db/direct";
import { liveDispatchOptions } from "../ivr/callback-dispatch";

export const simulatedRing = z.object({
  legId: z.string(),
  from: z.string(),
  to: z.string(),
  requestUuid: z.string().nullable(),
  answerUrl: z.url(),
  hangupUrl: z.url(),
  machineDetectionUrl: z.url().optional(),
});
export type SimulatedRing = z.infer<typeof simulatedRing>;

export async function listSimulatedRings(db: Db, to?: string): Promise<SimulatedRing[]> {
  const rows = await direct(db).$queryRaw<Array<{ id: string; from: string; to: string; requestUuid: string | null }>>`
    SELECT "id", "from", "to", "requestUuid" FROM "Call"
    WHERE "callbackId" IS NOT NULL AND "endedAt" IS NULL AND "answeredAt" IS NULL AND "callUuid" LIKE ${"callback:%"}
    ORDER BY "startedAt" ASC LIMIT 20`;
  const urls = liveDispatchOptions().legUrls;
  return rows
    .filter((r) => to === undefined || r.to === to)
    .map((r) => ({ legId: r.id, from: r.from || "+14155550000", to: r.to, requestUuid: r.requestUuid, ...urls(r.id) }));
}
