// The receipts' answers stored many per statement (lib/ivr/with-receipt.ts writeAnswers, issue #20), on both
// databases: each pending receipt gets its own answer, other receipts are untouched, and a repeated delivery of a
// webhook answered under load is replayed from its stored answer.
import { beforeAll, describe, expect, it, vi } from "vitest";
import { getDb, type Db } from "@/lib/db/client";
import { seedDatabase } from "@/lib/db/seed";
import { writeAnswers } from "@/lib/ivr/with-receipt";
import { Caller, plivoRequest, send } from "./ivr-harness";

vi.mock("@/lib/realtime/publish", () => ({ publish: vi.fn(async () => null) }));

let db: Db;
beforeAll(async () => {
  db = await getDb();
  await seedDatabase(db, { email: "sup@example.com", password: "password1" });
});

describe("receipt answers", () => {
  it("one statement stores each receipt's own answer and leaves the others alone", async () => {
    const now = new Date();
    const keys = ["batch|a", "batch|b", "batch|c", "batch|untouched"];
    await db.webhookReceipt.createMany({ data: keys.map((key) => ({ key, response: "", createdAt: now })) });
    await writeAnswers(db, [
      { key: "batch|a", xml: "<Response><Speak>a</Speak></Response>" },
      { key: "batch|b", xml: "<Response><Speak>b</Speak></Response>" },
      { key: "batch|c", xml: "<Response><Speak>it's \"c\"</Speak></Response>" },
    ]);
    const rows = await db.webhookReceipt.findMany({ where: { key: { in: keys } }, orderBy: { key: "asc" } });
    expect(rows.map((r) => [r.key, r.response])).toEqual([
      ["batch|a", "<Response><Speak>a</Speak></Response>"],
      ["batch|b", "<Response><Speak>b</Speak></Response>"],
      ["batch|c", "<Response><Speak>it's \"c\"</Speak></Response>"],
      ["batch|untouched", ""],
    ]);
  });

  it("forty callers answering at once: every receipt gets its answer, and a redelivery replays it", async () => {
    const callers = Array.from({ length: 40 }, () => new Caller());
    await Promise.all(callers.map((c) => c.answer()));
    const theirs = { OR: callers.map((c) => ({ key: { startsWith: `${c.callUuid}|start|` } })) };
    await vi.waitFor(async () => {
      const rows = await db.webhookReceipt.findMany({ where: theirs });
      expect(rows).toHaveLength(40);
      expect(rows.filter((r) => r.response === "")).toEqual([]);
    });
    const stored = await db.webhookReceipt.findMany({ where: { key: { startsWith: callers[0]!.callUuid } } });
    expect(stored).toHaveLength(1);
    expect(stored[0]!.response).toBe(callers[0]!.xml);
    const again = await send(plivoRequest("/ivr/start", callers[0]!.base));
    expect(again.xml).toBe(callers[0]!.xml);
  });
});
