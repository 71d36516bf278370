// The language menu comes from a per-process cache of the Language table: a change made in the database reaches
// callers within LANGUAGE_TTL_MS, and until then every webhook is served without reading the table. moveCall is one
// statement on PostgreSQL and a transaction on SQLite; both must record the same thing (this file runs on both).
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createPrismaClient, tuneSqlite } from "../db/client";
import { ensureLanguages } from "../../tests/support/routing-fixtures";
import { LANGUAGE_TTL_MS, listLanguageChoices, moveCall, voiceOf } from "./call-store";

// Signals go nowhere here (moveCall publishes one after each commit).
vi.mock("../realtime/publish", () => ({ publish: vi.fn(async () => null) }));

const db = createPrismaClient(process.env.DATABASE_URL!);
afterAll(() => db.$disconnect());
afterEach(() => vi.useRealTimers());
// Every test has the languages it refers to, whichever runs first.
beforeEach(async () => {
  await tuneSqlite(db, process.env.DATABASE_URL!);
  await ensureLanguages(db);
});

describe("language cache", () => {
  it("serves the menu from memory and picks up a disabled language after the TTL", async () => {
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

describe("moveCall", () => {
  it("moves the call and records its events with the same time, in order; an ended call keeps its final step", async () => {
    const call = await db.call.create({
      data: { callUuid: "move-1", direction: "INBOUND", from: "+1", to: "+2", status: "IN_IVR", step: "LANGUAGE" },
    });
    const moved = await moveCall(db, call, { step: "MENU", data: { languageCode: "es" } }, [
      { type: "language.selected", detail: { digits: "2" } },
      { type: "input.none" },
    ]);
    expect(moved).toMatchObject({ id: call.id, step: "MENU", stepAttempts: 0, languageCode: "es", status: "IN_IVR" });
    expect(moved.stepEnteredAt).toBeInstanceOf(Date);
    const events = await db.callEvent.findMany({ where: { callId: call.id }, orderBy: { id: "asc" } });
    expect(events.map((e) => [e.type, e.detail])).toEqual([
      ["language.selected", '{"digits":"2"}'],
      ["input.none", null],
      ["step", '{"step":"MENU"}'],
    ]);
    expect(new Set(events.map((e) => e.at.toISOString())).size).toBe(1);
    expect(events[0]!.at.toISOString()).toBe(moved.updatedAt.toISOString());

    // A hangup committed meanwhile: a late step only adds its event, the final status and step stay.
    await db.call.update({ where: { id: call.id }, data: { status: "COMPLETED", endedAt: new Date() } });
    const late = await moveCall(db, moved, { step: "FEEDBACK", status: "IN_IVR" }, [{ type: "feedback.late" }]);
    expect(late).toMatchObject({ status: "COMPLETED", step: "MENU" });
    expect(await db.callEvent.count({ where: { callId: call.id, type: "feedback.late" } })).toBe(1);

    await db.call.delete({ where: { id: call.id } });
    await expect(moveCall(db, late, { step: "DONE" }, [{ type: "gone" }])).rejects.toThrow(/no longer exists/);
  });
});
