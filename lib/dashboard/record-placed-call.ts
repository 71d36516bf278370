// A call placed from the dashboard exists before Plivo answers it: a RINGING row keyed by Plivo's request UUID,
// so Live calls shows it at once. When Plivo requests the answer URL, lib/ivr finds this row by the request UUID
// and gives it the real CallUUID. Until then callUuid holds a placeholder (the column is required and unique).
import type { Db } from "../db/client";
import { Prisma } from "../generated/prisma/client";

export const PLACED_CALL_UUID_PREFIX = "placed:";

export async function recordPlacedCall(
  db: Db,
  input: { requestUuid: string; from: string; to: string; supervisorId: string },
): Promise<{ id: string } | null> {
  try {
    return await db.$transaction(async (tx) => {
      const customer = await tx.customer.upsert({ where: { phone: input.to }, create: { phone: input.to }, update: {} });
      return tx.call.create({
        data: {
          callUuid: `${PLACED_CALL_UUID_PREFIX}${input.requestUuid}`,
          requestUuid: input.requestUuid,
          direction: "OUTBOUND",
          from: input.from,
          to: input.to,
          customerId: customer.id,
          status: "RINGING",
          step: "GREETING",
          events: { create: { type: "call.placed", detail: JSON.stringify({ requestUuid: input.requestUuid, supervisorId: input.supervisorId }) } },
        },
        select: { id: true },
      });
    });
  } catch (err) {
    // Plivo answered (and the IVR created the row) before we got here: that row already tells the story.
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002") return null;
    throw err;
  }
}
