import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createPrismaClient, type Db } from "../db/client";
import { consumeCallStart, rateLimitMessage } from "./call-start-limits";
import { consumeRateLimit } from "./consume-rate-limit";

let db: Db;
beforeAll(() => {
  db = createPrismaClient(process.env.DATABASE_URL!);
});
// Windows are per key and the floor cap is one key: each test starts with no counters, so order does not matter.
beforeEach(async () => {
  await db.rateLimit.deleteMany();
});

describe("consumeRateLimit", () => {
  it("allows exactly the limit inside a window, then says when to retry", async () => {
    const t0 = new Date("2026-01-01T10:00:00Z");
    const rule = { key: "t:a", limit: 3, windowSeconds: 60 };
    const results = [];
    for (let i = 0; i < 5; i++) results.push(await consumeRateLimit(db, rule, new Date(t0.getTime() + i * 1000)));
    expect(results.map((r) => r.allowed)).toEqual([true, true, true, false, false]);
    expect(results[4]).toEqual({ allowed: false, retryAfterSeconds: 56 });
  });

  it("opens a fresh window once the old one ends", async () => {
    const t0 = new Date("2026-01-01T11:00:00Z");
    const rule = { key: "t:b", limit: 1, windowSeconds: 60 };
    expect((await consumeRateLimit(db, rule, t0)).allowed).toBe(true);
    expect((await consumeRateLimit(db, rule, new Date(t0.getTime() + 59_000))).allowed).toBe(false);
    expect((await consumeRateLimit(db, rule, new Date(t0.getTime() + 60_000))).allowed).toBe(true);
  });

  it("never lets concurrent requests past the limit", async () => {
    const now = new Date("2026-01-01T12:00:00Z");
    const rule = { key: "t:c", limit: 5, windowSeconds: 60 };
    const results = await Promise.all(Array.from({ length: 20 }, () => consumeRateLimit(db, rule, now)));
    expect(results.filter((r) => r.allowed)).toHaveLength(5);
    expect((await db.rateLimit.findUniqueOrThrow({ where: { key: "t:c" } })).count).toBe(5);
  });
});

describe("call start limits", () => {
  it("limits each supervisor separately and explains the limit", async () => {
    const now = new Date("2026-01-01T13:00:00Z");
    for (let i = 0; i < 5; i++) expect((await consumeCallStart(db, "sup-1", now)).allowed).toBe(true);
    const sixth = await consumeCallStart(db, "sup-1", now);
    expect(sixth).toMatchObject({ allowed: false, scope: "supervisor" });
    if (!sixth.allowed) expect(rateLimitMessage(sixth)).toMatch(/5 calls in the last minute.*Try again in 60 seconds/);
    expect((await consumeCallStart(db, "sup-2", now)).allowed).toBe(true);
  });

  it("caps the whole floor", async () => {
    const now = new Date("2026-01-01T14:00:00Z");
    const outcomes = [];
    for (let s = 0; s < 8; s++) for (let i = 0; i < 5; i++) outcomes.push(await consumeCallStart(db, `floor-${s}`, now));
    expect(outcomes.filter((o) => o.allowed)).toHaveLength(30);
    expect(outcomes.at(-1)).toMatchObject({ allowed: false, scope: "global" });
  });
});
