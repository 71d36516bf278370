// The language menu comes from a per-process cache of the Language table: a change made in the database reaches
// callers within LANGUAGE_TTL_MS, and until then every webhook is served without reading the table.
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { createPrismaClient, tuneSqlite } from "../db/client";
import { ensureLanguages } from "../routing/test-helpers";
import { LANGUAGE_TTL_MS, listLanguageChoices, voiceOf } from "./call-store";

const db = createPrismaClient(process.env.DATABASE_URL!);
afterAll(() => db.$disconnect());
afterEach(() => vi.useRealTimers());

describe("language cache", () => {
  it("serves the menu from memory and picks up a disabled language after the TTL", async () => {
    await tuneSqlite(db, process.env.DATABASE_URL!);
    await ensureLanguages(db);
    vi.useFakeTimers({ toFake: ["Date"], now: new Date("2026-11-21T10:00:00Z") });
    expect((await listLanguageChoices(db)).map((l) => l.code)).toEqual(["en", "es"]);

    await db.language.update({ where: { code: "es" }, data: { enabled: false } });
    vi.setSystemTime(new Date(Date.now() + LANGUAGE_TTL_MS - 1));
    expect((await listLanguageChoices(db)).map((l) => l.code)).toEqual(["en", "es"]); // still cached

    vi.setSystemTime(new Date(Date.now() + 2));
    expect((await listLanguageChoices(db)).map((l) => l.code)).toEqual(["en"]);
    // A disabled language still speaks to callers already in it.
    expect(await voiceOf(db, "es")).toMatchObject({ code: "es", locale: "es-US" });
    expect(await voiceOf(db, "xx")).toBeNull();
  });
});
