// The app must start even when the WAL checkpoint thread cannot be created (lib/db/client.ts getDb): SQLite then
// keeps its own inline checkpoints. SQLite only (PostgreSQL never starts the thread).
import { describe, expect, it, vi } from "vitest";
import { getDb, isSqlite, walCheckpointer } from "@/lib/db/client";
import { direct } from "@/lib/db/direct";

vi.mock("@/lib/db/wal-checkpointer", () => ({
  startWalCheckpointer: () => {
    throw new Error("Worker: resource limit reached");
  },
}));

describe.skipIf(!isSqlite(process.env.DATABASE_URL ?? ""))("no checkpoint thread available", () => {
  it("getDb still answers, with SQLite's own checkpoints left on", async () => {
    const db = await getDb();
    expect(walCheckpointer()).toBeNull();
    const [{ one }] = await direct(db).$queryRaw<[{ one: bigint | number }]>`SELECT 1 AS "one"`;
    expect(Number(one)).toBe(1);
    const [row] = await db.$queryRawUnsafe<Array<{ wal_autocheckpoint: bigint | number }>>("PRAGMA wal_autocheckpoint");
    expect(Number(row!.wal_autocheckpoint)).toBe(1000);
  });
});
