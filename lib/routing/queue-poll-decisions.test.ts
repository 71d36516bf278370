// A queued caller polls /ivr/queue every few seconds for minutes: a poll that changes nothing (still queued, same
// outcome and same candidates) must not add a RoutingDecision and its candidates each time. The first decision
// also stamps Call.routedAt, which analytics keep after decisions are pruned.
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { createPrismaClient, tuneSqlite } from "../db/client";
import { clearPools } from "./agent-pool";
import { assignAgent } from "./index";
import { createAgent, createCall, ensureLanguages, testOptions } from "../../tests/support/routing-fixtures";

const db = createPrismaClient(process.env.DATABASE_URL!);
afterAll(() => db.$disconnect());

beforeEach(async () => {
  await tuneSqlite(db, process.env.DATABASE_URL!);
  await ensureLanguages(db);
  clearPools(db);
});

describe("queue polls and routing decisions", () => {
  it("writes one decision for repeated polls that change nothing, a new one when the outcome changes", async () => {
    const busy = await createAgent(db, { status: "BUSY" });
    const call = await createCall(db);
    const t0 = new Date();
    const at = (s: number) => testOptions({}, new Date(t0.getTime() + s * 1000)).opts;
    const first = await assignAgent(db, { callId: call.id, languageCode: "en" }, at(0));
    expect(first).toMatchObject({ kind: "queued", position: 1 });
    for (let s = 5; s <= 30; s += 5) {
      const poll = await assignAgent(db, { callId: call.id, languageCode: "en" }, at(s));
      expect(poll).toMatchObject({ kind: "queued", decisionId: (first as { decisionId: string }).decisionId });
    }
    expect(await db.routingDecision.count({ where: { callId: call.id } })).toBe(1);
    const decision = await db.routingDecision.findFirstOrThrow({ where: { callId: call.id } });
    expect((await db.call.findUniqueOrThrow({ where: { id: call.id } })).routedAt).toEqual(decision.createdAt);

    // An agent frees up: the poll that assigns is a new decision; routedAt stays the first one.
    await db.agent.update({ where: { id: busy.id }, data: { status: "AVAILABLE" } });
    clearPools(db);
    expect(await assignAgent(db, { callId: call.id, languageCode: "en" }, at(35))).toMatchObject({ kind: "assigned" });
    expect(await db.routingDecision.count({ where: { callId: call.id } })).toBe(2);
    expect((await db.call.findUniqueOrThrow({ where: { id: call.id } })).routedAt).toEqual(decision.createdAt);
  });
});
