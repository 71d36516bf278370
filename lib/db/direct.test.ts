// Direct SQL (lib/db/direct.ts) must be a drop-in for $queryRaw/$executeRaw/$transaction on the hot path: same rows,
// same JS types, same all-or-nothing transactions, errors the callers recognise. This file also runs in the
// PostgreSQL pass.
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { createPrismaClient, tuneSqlite } from "./client";
import { direct, SqlError } from "./direct";
import { isUniqueViolation, toCount } from "./sql";
import type { Call } from "../generated/prisma/client";

const url = process.env.DATABASE_URL!;
const db = createPrismaClient(url);
const sql = direct(db);
afterAll(() => db.$disconnect());

// Each test makes the rows it reads, so they pass alone and in any order.
beforeEach(async () => {
  await tuneSqlite(db, url);
  await db.call.deleteMany({ where: { callUuid: { startsWith: "direct-" } } });
  await db.agent.deleteMany({ where: { phone: "+15550009999" } });
  await db.webhookReceipt.deleteMany({ where: { key: { startsWith: "direct-" } } });
});

const newCall = (callUuid: string, extra: Partial<Pick<Call, "answeredAt">> = {}) =>
  db.call.create({ data: { callUuid, direction: "INBOUND", from: "+1", to: "+2", status: "IN_IVR", step: "MENU", stepAttempts: 2, ...extra } });
const addReceipt = (key: string, response = "x") => db.webhookReceipt.create({ data: { key, response } });

describe("direct SQL on this database", () => {
  it("reads rows exactly as $queryRaw and the ORM do (dates, integers, floats, booleans, nulls)", async () => {
    const answeredAt = new Date("2026-03-04T05:06:07.089Z");
    const created = await newCall("direct-1", { answeredAt });
    const [viaDirect] = await sql.$queryRaw<Call[]>`SELECT * FROM "Call" WHERE "callUuid" = ${"direct-1"}`;
    const [viaPrisma] = await db.$queryRaw<Call[]>`SELECT * FROM "Call" WHERE "callUuid" = ${"direct-1"}`;
    expect(viaDirect).toEqual(created);
    expect(viaDirect).toEqual(viaPrisma);
    expect(viaDirect!.answeredAt).toBeInstanceOf(Date);
    expect(viaDirect!.endedAt).toBeNull();

    const agent = await db.agent.create({ data: { name: "Direct", phone: "+15550009999", avgCallDuration: 61.5, coachingFlag: true } });
    const [agentRow] = await sql.$queryRaw<Array<{ avgCallDuration: number; coachingFlag: boolean; totalCalls: number }>>`
      SELECT "avgCallDuration", "coachingFlag", "totalCalls" FROM "Agent" WHERE "id" = ${agent.id}`;
    expect(agentRow).toEqual({ avgCallDuration: 61.5, coachingFlag: true, totalCalls: 0 });

    const [count] = await sql.$queryRaw<Array<{ n: bigint }>>`SELECT COUNT(*) AS "n" FROM "Call" WHERE "callUuid" = ${"direct-1"}`;
    expect(typeof count!.n).toBe("bigint");
    expect(toCount(count!.n)).toBe(1);
  });

  it("writes what the ORM reads back, and counts affected rows", async () => {
    const call = await newCall("direct-2");
    const endedAt = new Date("2026-03-04T05:16:07.001Z");
    const changed = await sql.$executeRaw`UPDATE "Call" SET "endedAt" = ${endedAt}, "duration" = ${600} WHERE "id" = ${call.id}`;
    expect(changed).toBe(1);
    expect(await sql.$executeRaw`UPDATE "Call" SET "duration" = ${1} WHERE "id" = ${"no-such-call"}`).toBe(0);
    const back = await db.call.findUniqueOrThrow({ where: { id: call.id } });
    expect(back.endedAt?.toISOString()).toBe(endedAt.toISOString());
    expect(back.duration).toBe(600);
  });

  it("commits a transaction's statements together, and rolls all of them back when it throws", async () => {
    const keys = ["direct-tx-a", "direct-tx-b"];
    const failed = await sql
      .$transaction(async (tx) => {
        await tx.$executeRaw`INSERT INTO "WebhookReceipt" ("key", "response", "createdAt") VALUES (${keys[0]!}, ${""}, ${new Date()})`;
        await tx.$executeRaw`INSERT INTO "WebhookReceipt" ("key", "response", "createdAt") VALUES (${keys[1]!}, ${""}, ${new Date()})`;
        throw new Error("step failed");
      })
      .catch((e: unknown) => e);
    expect(failed).toEqual(new Error("step failed"));
    expect(await db.webhookReceipt.count({ where: { key: { in: keys } } })).toBe(0);

    const result = await sql.$transaction(async (tx) => {
      for (const key of keys) await tx.$executeRaw`INSERT INTO "WebhookReceipt" ("key", "response", "createdAt") VALUES (${key}, ${"x"}, ${new Date()})`;
      return "done";
    });
    expect(result).toBe("done");
    expect(await db.webhookReceipt.count({ where: { key: { in: keys } } })).toBe(2);
  });

  it("keeps a concurrent statement out of an open transaction: it never sees a row that is rolled back", async () => {
    let inside!: () => void;
    const open = new Promise<void>((r) => (inside = r));
    const tx = sql
      .$transaction(async (t) => {
        await t.$executeRaw`INSERT INTO "WebhookReceipt" ("key", "response", "createdAt") VALUES (${"direct-dirty"}, ${""}, ${new Date()})`;
        inside();
        await new Promise((r) => setTimeout(r, 50));
        throw new Error("roll back");
      })
      .catch(() => null);
    await open;
    const seen = await sql.$queryRaw<unknown[]>`SELECT "key" FROM "WebhookReceipt" WHERE "key" = ${"direct-dirty"}`;
    await tx;
    expect(seen).toEqual([]);
    expect(await db.webhookReceipt.count({ where: { key: "direct-dirty" } })).toBe(0);
  });

  it("reports a unique violation as an SqlError that isUniqueViolation recognises, and rolls its transaction back", async () => {
    await addReceipt("direct-tx-a");
    const err = await sql
      .$transaction(async (tx) => {
        await tx.$executeRaw`INSERT INTO "WebhookReceipt" ("key", "response", "createdAt") VALUES (${"direct-u2"}, ${""}, ${new Date()})`;
        await tx.$executeRaw`INSERT INTO "WebhookReceipt" ("key", "response", "createdAt") VALUES (${"direct-tx-a"}, ${""}, ${new Date()})`;
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SqlError);
    expect((err as SqlError).kind).toBe("UniqueConstraintViolation");
    expect(isUniqueViolation(err)).toBe(true);
    expect(await db.webhookReceipt.count({ where: { key: "direct-u2" } })).toBe(0);
    // The connection is usable afterwards (the failed transaction released it).
    const [row] = await sql.$queryRaw<Array<{ response: string }>>`SELECT "response" FROM "WebhookReceipt" WHERE "key" = ${"direct-tx-a"}`;
    expect(row?.response).toBe("x");
  });

  it("reconnects after the client was disconnected", async () => {
    await addReceipt("direct-tx-b");
    await db.$disconnect();
    const [row] = await sql.$queryRaw<Array<{ n: bigint }>>`SELECT COUNT(*) AS "n" FROM "WebhookReceipt" WHERE "key" = ${"direct-tx-b"}`;
    expect(toCount(row?.n)).toBe(1);
  });
});
