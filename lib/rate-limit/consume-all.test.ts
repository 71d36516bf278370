// Several limits taken together: all or none, under concurrency, and slots given back.
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createPrismaClient, type Db } from "../db/client";
import { consumeCallStart, releaseCallStart } from "./call-start-limits";
import { consumeAll } from "./consume-all";

let db: Db;
beforeAll(() => {
  db = createPrismaClient(process.env.DATABASE_URL!);
});
// The call-start limits share floor-wide keys (global, daily): each test starts with no counters, so tests pass in
// any order (`vitest --sequence.shuffle`).
beforeEach(async () => {
  await db.rateLimit.deleteMany();
});
const count = async (key: string) => (await db.rateLimit.findUnique({ where: { key } }))?.count ?? 0;

describe("consumeAll", () => {
  it("spends nothing when one of the rules is full", async () => {
    const now = new Date("2026-02-01T10:00:00Z");
    const small = { key: "t:small", limit: 1, windowSeconds: 60 };
    const big = { key: "t:big", limit: 10, windowSeconds: 60 };
    expect(await consumeAll(db, [big, small], now)).toEqual({ allowed: true });
    expect(await consumeAll(db, [big, small], now)).toEqual({ allowed: false, key: "t:small", retryAfterSeconds: 60 });
    expect(await count("t:big")).toBe(1);
  });

  it("never lets concurrent requests past any limit, and every refusal spent nothing", async () => {
    const now = new Date("2026-02-01T11:00:00Z");
    const rules = [
      { key: "t:a", limit: 7, windowSeconds: 60 },
      { key: "t:b", limit: 4, windowSeconds: 60 },
    ];
    const results = await Promise.all(Array.from({ length: 16 }, () => consumeAll(db, rules, now)));
    const allowed = results.filter((r) => r.allowed).length;
    console.log(`16 concurrent: ${allowed} allowed, ${16 - allowed} refused; counters a=${await count("t:a")} b=${await count("t:b")}`);
    expect(allowed).toBe(4);
    expect(await count("t:a")).toBe(4);
    expect(await count("t:b")).toBe(4);
  });

  it("opens a new window once the old one has ended", async () => {
    const t0 = new Date("2026-02-01T12:00:00Z");
    const rule = { key: "t:w", limit: 1, windowSeconds: 60 };
    expect((await consumeAll(db, [rule], t0)).allowed).toBe(true);
    expect((await consumeAll(db, [rule], new Date(t0.getTime() + 59_000))).allowed).toBe(false);
    expect((await consumeAll(db, [rule], new Date(t0.getTime() + 60_000))).allowed).toBe(true);
  });
});

describe("call starts", () => {
  it("the daily cap holds across minutes, and a refusal by it spends no per-minute slot", async () => {
    const t0 = new Date("2026-02-02T08:00:00Z");
    const outcomes = [];
    for (let minute = 0; minute < 4; minute++) {
      for (let i = 0; i < 3; i++) outcomes.push(await consumeCallStart(db, "sup-d", new Date(t0.getTime() + minute * 60_000), 10));
    }
    expect(outcomes.filter((o) => o.allowed)).toHaveLength(10);
    expect(outcomes.at(-1)).toMatchObject({ allowed: false, scope: "daily", limit: 10 });
    expect(await count("call-start:supervisor:sup-d")).toBe(1); // minute 3: one placed, two refused by the cap
    const nextDay = await consumeCallStart(db, "sup-d", new Date(t0.getTime() + 24 * 3600_000 + 1000), 10);
    expect(nextDay.allowed).toBe(true);
  });

  it("a call that was not placed gives its slots back", async () => {
    const now = new Date("2026-02-03T08:00:00Z");
    const first = await consumeCallStart(db, "sup-r", now, 100);
    expect(first.allowed).toBe(true);
    if (first.allowed) await releaseCallStart(db, first.keys, now);
    expect(await count("call-start:supervisor:sup-r")).toBe(0);
  });
});
