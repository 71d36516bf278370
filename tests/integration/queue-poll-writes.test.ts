// What a hold-loop poll writes (issue #20): every poll keeps the caller's proof of life (Call.lastSeenAt, which the
// queue counts on: a caller whose polls stop stops holding up others), and the timeline gets a `routing.queued`
// event when the caller hears something new (their place in line or the estimate). On PostgreSQL a poll that repeats
// the last announcement writes nothing else: its receipt claim stamped lastSeenAt (lib/ivr/step-read.ts `touch`).
// SQLite, with no network round trip to save, still writes an event per poll.
import { beforeAll, describe, expect, it, vi } from "vitest";
import { getDb, type Db } from "@/lib/db/client";
import { seedDatabase } from "@/lib/db/seed";
import { clearPools } from "@/lib/routing/agent-pool";
import { Caller } from "./ivr-harness";

vi.mock("@/lib/realtime/publish", () => ({ publish: vi.fn(async () => null) }));

const postgres = process.env.TEST_DATABASE === "postgres";
let db: Db;

beforeAll(async () => {
  db = await getDb();
  await seedDatabase(db, { email: "sup@example.com", password: "password1" });
  await db.agent.updateMany({ data: { status: "NOT_READY", currentCallId: null } });
  clearPools(db);
});

async function queued(): Promise<Caller> {
  const c = new Caller();
  await c.answer();
  await c.press("1");
  await c.press("2");
  expect(c.elements, c.xml).toContain("Redirect");
  return c;
}

const call = (c: Caller) => db.call.findUniqueOrThrow({ where: { callUuid: c.callUuid } });
const announcements = async (c: Caller) =>
  (await db.callEvent.findMany({ where: { call: { callUuid: c.callUuid }, type: "routing.queued" }, orderBy: [{ at: "asc" }, { id: "asc" }] })).map(
    (e) => JSON.parse(e.detail ?? "{}") as { position: number; loop: number },
  );
const pause = () => new Promise((r) => setTimeout(r, 5));

describe("hold-loop polls", () => {
  it("keep the caller's proof of life on every poll, and record each new place in line", async () => {
    const first = await queued();
    const second = await queued();
    expect((await announcements(second)).map((a) => a.position)).toEqual([2]);

    // Two polls that change nothing: lastSeenAt moves on each.
    let seen = (await call(second)).lastSeenAt!.getTime();
    for (let i = 0; i < 2; i++) {
      await pause();
      await second.followRedirect();
      expect(second.elements, second.xml).toContain("Redirect");
      const now = (await call(second)).lastSeenAt!.getTime();
      expect(now).toBeGreaterThan(seen);
      seen = now;
    }
    expect((await call(second)).status).toBe("QUEUED");

    // The caller ahead leaves: the next poll announces place 1, and the timeline records it.
    await first.hangup();
    await pause();
    await second.followRedirect();
    const positions = (await announcements(second)).map((a) => a.position);
    expect(positions.at(-1)).toBe(1);
    expect(positions).toEqual(postgres ? [2, 1] : [2, 2, 2, 1]);
    await second.hangup();
  });
});
