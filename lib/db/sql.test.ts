// The raw-SQL hot path relies on these properties of both databases (this file also runs in the PostgreSQL pass):
// raw rows read like ORM models, raw writes read back through the ORM, unique violations are recognised.
import { afterAll, describe, expect, it } from "vitest";
import { createPrismaClient, tuneSqlite } from "./client";
import { isUniqueViolation, sqlList, toCount } from "./sql";
import type { Call } from "../generated/prisma/client";

const db = createPrismaClient(process.env.DATABASE_URL!);
afterAll(() => db.$disconnect());

describe("raw SQL on this database", () => {
  it("reads a Call row with the ORM's JS types, and the ORM reads raw writes back", async () => {
    await tuneSqlite(db, process.env.DATABASE_URL!);
    const answeredAt = new Date("2026-01-02T03:04:05.678Z");
    const created = await db.call.create({
      data: { callUuid: "sql-test-1", direction: "INBOUND", from: "+1", to: "+2", status: "IN_IVR", step: "LANGUAGE", answeredAt },
    });
    const [raw] = await db.$queryRaw<Call[]>`SELECT * FROM "Call" WHERE "callUuid" = ${"sql-test-1"}`;
    expect(raw).toEqual(created);
    expect(raw!.answeredAt).toBeInstanceOf(Date);

    const queuedAt = new Date("2026-05-06T07:08:09.123Z");
    const [updated] = await db.$queryRaw<Call[]>`
      UPDATE "Call" SET "queuedAt" = ${queuedAt}, "status" = ${"QUEUED"}, "stepAttempts" = "stepAttempts" + 1
      WHERE "id" = ${created.id} AND "status" NOT IN (${sqlList(["COMPLETED", "FAILED"])}) RETURNING *`;
    expect(updated?.status).toBe("QUEUED");
    expect(updated?.stepAttempts).toBe(1);
    const viaOrm = await db.call.findUniqueOrThrow({ where: { id: created.id } });
    expect(viaOrm.queuedAt?.toISOString()).toBe(queuedAt.toISOString());
    // Date comparisons through the ORM still match what raw SQL stored.
    expect(await db.call.count({ where: { queuedAt: { gte: new Date(queuedAt.getTime() - 1), lt: new Date(queuedAt.getTime() + 1) } } })).toBe(1);
  });

  it("counts as numbers and recognises a unique violation from a raw insert", async () => {
    const insert = () => db.$executeRaw`INSERT INTO "WebhookReceipt" ("key", "response", "createdAt") VALUES (${"sql-k"}, ${""}, ${new Date()})`;
    await insert();
    const err = await insert().catch((e: unknown) => e);
    expect(isUniqueViolation(err)).toBe(true);
    expect(isUniqueViolation(new Error("UNIQUE constraint failed"))).toBe(false);
    const skipped = await db.$executeRaw`
      INSERT INTO "WebhookReceipt" ("key", "response", "createdAt") VALUES (${"sql-k"}, ${"x"}, ${new Date()}) ON CONFLICT ("key") DO NOTHING`;
    expect(skipped).toBe(0);
    const [row] = await db.$queryRaw<{ n: bigint }[]>`SELECT COUNT(*) AS "n" FROM "WebhookReceipt" WHERE "key" = ${"sql-k"}`;
    expect(toCount(row?.n)).toBe(1);
  });
});
