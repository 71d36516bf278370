import { beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient, type Db } from "../db/client";
import { recordPlacedCall } from "./record-placed-call";
import { ACTIVE_STATUSES } from "./load-live-floor";

let db: Db;
beforeAll(() => {
  db = createPrismaClient(process.env.DATABASE_URL!);
});

describe("recordPlacedCall", () => {
  it("creates a ringing outbound call that counts as live, with a placed event", async () => {
    const row = await recordPlacedCall(db, { requestUuid: "req-1", from: "+14155550100", to: "+14155550123", supervisorId: "s1" });
    const call = await db.call.findUniqueOrThrow({ where: { id: row!.id }, include: { events: true } });
    expect(call).toMatchObject({ direction: "OUTBOUND", status: "RINGING", to: "+14155550123", requestUuid: "req-1" });
    expect((ACTIVE_STATUSES as readonly string[]).includes(call.status)).toBe(true);
    expect(call.events.map((e) => e.type)).toEqual(["call.placed"]);
  });

  it("leaves a row the IVR already created for the same request alone", async () => {
    await db.call.create({ data: { callUuid: "real-uuid", requestUuid: "req-2", direction: "OUTBOUND", from: "a", to: "b", status: "IN_IVR" } });
    expect(await recordPlacedCall(db, { requestUuid: "req-2", from: "a", to: "+14155550124", supervisorId: "s1" })).toBeNull();
    expect(await db.call.count({ where: { requestUuid: "req-2" } })).toBe(1);
  });
});
