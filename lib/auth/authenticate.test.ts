// Sign-in: the throttle engages per account and per address before any hash is computed, and lifts after the
// window; unknown accounts get the same answer after the same (dummy) hash; bcrypt hashes migrate to scrypt.
import bcrypt from "bcryptjs";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { getDb, type Db } from "../db/client";
import { env } from "../env";

// Small limits keep the number of (deliberately slow) password hashes in this file down.
const hashing = vi.hoisted(() => {
  process.env.LOGIN_MAX_ATTEMPTS_PER_ACCOUNT = "3";
  process.env.LOGIN_MAX_ATTEMPTS_PER_ADDRESS = "5";
  return { verifications: 0 };
});
vi.mock("./password-hash", async (importOriginal) => {
  const real = await importOriginal<typeof import("./password-hash")>();
  return {
    ...real,
    verifyPassword: async (password: string, hash: string) => {
      hashing.verifications++;
      return real.verifyPassword(password, hash);
    },
  };
});

const { authenticate } = await import("./authenticate");
const { hashPassword } = await import("./password-hash");

let db: Db;
const { loginMaxAttemptsPerAccount: perAccount, loginMaxAttemptsPerAddress: perAddress, loginWindowSeconds } = env().security;

beforeAll(async () => {
  db = await getDb();
  await db.supervisor.create({ data: { email: "ada@example.com", name: "Ada", passwordHash: await hashPassword("right password 1") } });
});
// Each test stands alone (they pass in any order: `vitest --sequence.shuffle`): no attempts counted and no audit rows
// from another test, whose fake clock may be later than this one's.
beforeEach(async () => {
  await db.rateLimit.deleteMany();
  await db.auditEvent.deleteMany();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("sign-in throttling", () => {
  it(`refuses the account after ${perAccount} attempts without hashing, and lifts when the window ends`, async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-03-01T10:00:00Z"));
    for (let i = 0; i < perAccount; i++) {
      expect(await authenticate(db, { email: "ada@example.com", password: `wrong ${i}`, address: `10.0.0.${i}` })).toEqual({ ok: false, reason: "invalid" });
    }
    const before = hashing.verifications;
    const locked = await authenticate(db, { email: "ada@example.com", password: "right password 1", address: "10.0.1.1" });
    expect(locked).toMatchObject({ ok: false, reason: "throttled" });
    expect(hashing.verifications).toBe(before); // refused before any hash was computed

    vi.setSystemTime(new Date(Date.parse("2026-03-01T10:00:00Z") + loginWindowSeconds * 1000 + 1000));
    const after = await authenticate(db, { email: "ada@example.com", password: "right password 1", address: "10.0.1.1" });
    expect(after).toMatchObject({ ok: true, user: { email: "ada@example.com" } });
  });

  it("a success clears the account's count, so only failures accumulate", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-03-02T10:00:00Z"));
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < perAccount - 1; i++) await authenticate(db, { email: "ada@example.com", password: "nope", address: "10.1.0.1" });
      expect(await authenticate(db, { email: "ada@example.com", password: "right password 1", address: "10.1.0.1" })).toMatchObject({ ok: true });
    }
  });

  it(`limits one address across many accounts to ${perAddress} attempts`, async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-03-03T10:00:00Z"));
    for (let i = 0; i < perAddress; i++) {
      expect(await authenticate(db, { email: `spray${i}@example.com`, password: "guess", address: "203.0.113.9" })).toEqual({ ok: false, reason: "invalid" });
    }
    expect(await authenticate(db, { email: "other@example.com", password: "guess", address: "203.0.113.9" })).toMatchObject({ reason: "throttled" });
    // Another address is not affected.
    expect(await authenticate(db, { email: "other@example.com", password: "guess", address: "198.51.100.7" })).toEqual({ ok: false, reason: "invalid" });
  });

  it("concurrent wrong guesses cannot pass the limit: at most N hashes are computed", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-03-04T10:00:00Z"));
    const before = hashing.verifications;
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => authenticate(db, { email: "ada@example.com", password: `storm ${i}`, address: `192.0.2.${i}` })),
    );
    console.log(`12 concurrent guesses: ${results.filter((r) => !r.ok && r.reason === "throttled").length} throttled, ${hashing.verifications - before} hashed`);
    expect(hashing.verifications - before).toBe(perAccount);
    expect(results.filter((r) => !r.ok && r.reason === "throttled")).toHaveLength(12 - perAccount);
  });
});

describe("same answer whether or not the account exists", () => {
  it("an unknown email is checked against a dummy hash and answered like a wrong password", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-03-05T10:00:00Z"));
    const before = hashing.verifications;
    const unknown = await authenticate(db, { email: "nobody@example.com", password: "x", address: "192.0.2.200" });
    const wrong = await authenticate(db, { email: "ada@example.com", password: "x", address: "192.0.2.201" });
    expect(unknown).toEqual(wrong);
    expect(hashing.verifications - before).toBe(2);
  });

  it("records an audit row for each failed, throttled and successful sign-in with the address", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-03-06T10:00:00Z"));
    for (let i = 0; i < perAccount; i++) await authenticate(db, { email: "ada@example.com", password: `wrong ${i}`, address: "10.0.2.1" });
    expect(await authenticate(db, { email: "ada@example.com", password: "right password 1", address: "10.0.1.1" })).toMatchObject({ reason: "throttled" });
    vi.setSystemTime(new Date(Date.parse("2026-03-06T10:00:00Z") + loginWindowSeconds * 1000 + 1000));
    expect(await authenticate(db, { email: "ada@example.com", password: "right password 1", address: "10.0.2.2" })).toMatchObject({ ok: true });
    const rows = await db.auditEvent.findMany({ where: { actorEmail: "ada@example.com" } });
    const actions = new Set(rows.map((r) => r.action));
    expect(actions).toEqual(new Set(["login.failed", "login.throttled", "login.succeeded"]));
    expect(rows.find((r) => r.action === "login.throttled")?.ip).toBe("10.0.1.1");
  });
});

describe("bcrypt hashes from before", () => {
  it("still sign in, and are replaced by scrypt on that success", async () => {
    await db.supervisor.create({ data: { email: "legacy@example.com", name: "Old", passwordHash: bcrypt.hashSync("old but right", 4) } });
    expect(await authenticate(db, { email: "legacy@example.com", password: "wrong", address: "192.0.2.50" })).toMatchObject({ ok: false });
    expect((await db.supervisor.findUniqueOrThrow({ where: { email: "legacy@example.com" } })).passwordHash).toMatch(/^\$2/);
    expect(await authenticate(db, { email: "legacy@example.com", password: "old but right", address: "192.0.2.50" })).toMatchObject({ ok: true });
    const migrated = (await db.supervisor.findUniqueOrThrow({ where: { email: "legacy@example.com" } })).passwordHash;
    expect(migrated).toMatch(/^scrypt\$/);
    expect(await authenticate(db, { email: "legacy@example.com", password: "old but right", address: "192.0.2.50" })).toMatchObject({ ok: true });
  });
});
