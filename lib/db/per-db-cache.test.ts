import { describe, expect, it } from "vitest";
import type { Db } from "./client";
import { perDbCache } from "./per-db-cache";

const dbA = {} as Db;
const dbB = {} as Db;

describe("perDbCache", () => {
  it("shares one read per client and key within the TTL, then reads again", async () => {
    const cache = perDbCache<number>(1_000);
    let reads = 0;
    const load = async () => ++reads;
    expect(await cache.get(dbA, "en", 0, load)).toBe(1);
    expect(await cache.get(dbA, "en", 999, load)).toBe(1);
    expect(await cache.get(dbA, "es", 999, load)).toBe(2); // another key
    expect(await cache.get(dbB, "en", 999, load)).toBe(3); // another client
    expect(await cache.get(dbA, "en", 1_000, load)).toBe(4); // aged out
  });

  it("does not keep a failed read, and forget drops a client's entries", async () => {
    const cache = perDbCache<string>(1_000);
    await expect(cache.get(dbA, "k", 0, () => Promise.reject(new Error("busy")))).rejects.toThrow("busy");
    expect(await cache.get(dbA, "k", 1, async () => "fresh")).toBe("fresh");
    expect(await cache.get(dbA, "k", 2, async () => "stale?")).toBe("fresh");
    cache.forget(dbA);
    expect(await cache.get(dbA, "k", 3, async () => "after forget")).toBe("after forget");
  });
});
