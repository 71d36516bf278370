// assignAgent's `known` snapshot (issue #20): a caller that read the call with routingSnapshotColumns in its own
// statement gets the same decision without assignAgent's first read. Runs on SQLite, and on PostgreSQL with
// TEST_DATABASE=postgres.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { direct } from "../db/direct";
import { countStatementsIn, resetStatementCounts, setStatementCounting, statementSnapshot } from "../db/statement-count";
import type { Call } from "../generated/prisma/client";
import { assignAgent, recordDialResult, routingSnapshotColumns, routingSnapshotJoin, snapshotFrom, type RoutingSnapshotColumns } from "./index";
import { routingTestDb } from "../../tests/support/routing-db";
import { createAgent, createCall, testOptions } from "../../tests/support/routing-fixtures";

const { db } = routingTestDb();

beforeAll(() => setStatementCounting(true));
afterAll(() => setStatementCounting(false));

/** The call as the IVR reads it: every column of the row, plus the snapshot's, in one statement. */
async function readAsIvr(callId: string) {
  const [row] = await direct(db).$queryRaw<Array<Call & RoutingSnapshotColumns>>`
    SELECT c.*, ${routingSnapshotColumns("c")} FROM "Call" c ${routingSnapshotJoin("c")} WHERE c."id" = ${callId}`;
  return snapshotFrom(row!);
}

async function probe<T>(fn: () => Promise<T>): Promise<{ result: T; statements: number; texts: string[] }> {
  resetStatementCounts();
  const result = await countStatementsIn("probe", fn);
  const t = statementSnapshot().byKey.probe;
  return { result, statements: t?.statements ?? 0, texts: Object.keys(t?.texts ?? {}) };
}

const callRead = (texts: string[]) => texts.filter((t) => t.startsWith('SELECT c."status", c."agentId"'));

describe("assignAgent with a known call snapshot", () => {
  it("reads the customer's priority and last rated agent and the agents already rung, as assignAgent would", async () => {
    const agent = await createAgent(db);
    const customer = await db.customer.create({ data: { phone: "+14155558888", priority: 2, lastAgentId: agent.id, lastRating: 4 } });
    const call = await createCall(db, "en", { customerId: customer.id, to: "+14155550123" });
    const { opts } = testOptions({ maxFailovers: 0 });
    expect((await assignAgent(db, { callId: call.id, languageCode: "en" }, opts)).kind).toBe("assigned");
    await recordDialResult(db, { callId: call.id, dialStatus: "no-answer", talkSeconds: 0 }, opts);
    const row = await db.call.findUniqueOrThrow({ where: { id: call.id } });
    expect(await readAsIvr(call.id)).toEqual({
      status: row.status,
      agentId: null,
      queuedAt: row.queuedAt,
      placeAt: row.placeAt,
      endedAt: null,
      to: "+14155550123",
      requiredSkill: row.requiredSkill,
      priority: 2,
      lastAgentId: agent.id,
      lastRating: 4,
      tried: 1,
    });
    const plain = await createCall(db);
    expect(await readAsIvr(plain.id)).toMatchObject({ status: "IN_IVR", priority: null, lastAgentId: null, lastRating: null, tried: 0 });
  });

  it("decides as without it, one statement less", async () => {
    const opts = testOptions({ cacheTtlMs: 60_000 }).opts;
    await createAgent(db);
    await createAgent(db);
    const warmUp = await createCall(db);
    await assignAgent(db, { callId: warmUp.id, languageCode: "en" }, opts); // builds the pool

    const without = await createCall(db);
    const a = await probe(() => assignAgent(db, { callId: without.id, languageCode: "en" }, opts));
    const withKnown = await createCall(db);
    const known = await readAsIvr(withKnown.id);
    const b = await probe(() => assignAgent(db, { callId: withKnown.id, languageCode: "en", known }, opts));
    expect(a.result.kind).toBe("assigned");
    expect(b.result.kind).toBe("queued"); // both agents are taken now
    expect(callRead(a.texts)).toHaveLength(1);
    expect(callRead(b.texts)).toEqual([]);

    // Queued: the same answer with and without the snapshot, and the poll with it sends one statement less.
    const polled = await probe(() => assignAgent(db, { callId: withKnown.id, languageCode: "en" }, opts));
    const again = await readAsIvr(withKnown.id);
    const polledKnown = await probe(() => assignAgent(db, { callId: withKnown.id, languageCode: "en", known: again }, opts));
    expect(polledKnown.result).toEqual(polled.result);
    expect(polledKnown.statements).toBe(polled.statements - 1);
  });

  it("answers an ended or already routed call from the snapshot like from its own read", async () => {
    const agent = await createAgent(db);
    const opts = testOptions().opts;
    const call = await createCall(db);
    const first = await assignAgent(db, { callId: call.id, languageCode: "en" }, opts);
    expect(first).toMatchObject({ kind: "assigned", agent: { id: agent.id } });
    expect(await assignAgent(db, { callId: call.id, languageCode: "en", known: await readAsIvr(call.id) }, opts)).toEqual(first);
    await db.call.update({ where: { id: call.id }, data: { status: "COMPLETED", endedAt: new Date() } });
    expect(await assignAgent(db, { callId: call.id, languageCode: "en", known: await readAsIvr(call.id) }, opts)).toEqual({ kind: "gave-up", waitedSeconds: 0 });
  });

  it("refuses a malformed snapshot", async () => {
    const call = await createCall(db);
    const known = await readAsIvr(call.id);
    await expect(assignAgent(db, { callId: call.id, languageCode: "en", known: { ...known, tried: -1 } }, testOptions().opts)).rejects.toThrow();
    await expect(
      assignAgent(db, { callId: call.id, languageCode: "en", known: { ...known, status: "NOPE" as never } }, testOptions().opts),
    ).rejects.toThrow();
  });
});
