// "Queued" is never the product of a stale cache alone, without a pool rebuild on every head-of-line poll (issue
// #20): the decision's line statement (queue.ts lineAndFloor) says whether the database holds a claimable agent this
// call has not rung, and the heap is rebuilt only then. Runs on SQLite, and on PostgreSQL with TEST_DATABASE=postgres.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setStatementCounting } from "../db/statement-count";
import { probe } from "../../tests/support/statement-probe";
import { assignAgent, recordDialResult } from "./index";
import { routingTestDb } from "../../tests/support/routing-db";
import { createAgent, createCall, testOptions } from "../../tests/support/routing-fixtures";

const { db } = routingTestDb();

beforeAll(() => setStatementCounting(true));
afterAll(() => setStatementCounting(false));


/** A pool build or a re-read of changed agents (agent-pool.ts): both select the agent columns from "Agent" a. */
const poolQueries = (texts: string[]) => texts.filter((t) => t.startsWith('SELECT a."id", a."name"'));

// A warm cache that would not rebuild on its own within the test: only the rule under test can refresh it.
const warm = (config = {}) => testOptions({ cacheTtlMs: 60_000, ...config }).opts;

describe("refresh before queueing", () => {
  it("finds an agent made available behind the cache's back (no markAgentsDirty) on the next decision", async () => {
    const agent = await createAgent(db, { status: "BUSY" });
    const opts = warm();
    const call = await createCall(db);
    expect(await assignAgent(db, { callId: call.id, languageCode: "en" }, opts)).toMatchObject({ kind: "queued", position: 1 });
    // The cached heap is empty; another instance frees the agent with a direct update.
    await db.agent.update({ where: { id: agent.id }, data: { status: "AVAILABLE" } });
    const poll = await probe(() => assignAgent(db, { callId: call.id, languageCode: "en" }, opts));
    expect(poll.result).toMatchObject({ kind: "assigned", agent: { id: agent.id } });
    expect(poolQueries(poll.texts)).toHaveLength(1); // the one rebuild the database asked for
  });

  it("a newcomer finds an agent made available behind the cache's back, and a skilled caller one with the skill", async () => {
    const plain = await createAgent(db, { status: "BUSY" });
    const skilled = await createAgent(db, { status: "BUSY", skills: [{ skill: "billing", proficiency: 3 }] });
    const skillByNumber = new Map([["+14155550100", "billing" as const]]);
    const opts = warm({ skillByNumber });
    const billing = await createCall(db, "en", { to: "+14155550100" });
    expect((await assignAgent(db, { callId: billing.id, languageCode: "en" }, opts)).kind).toBe("queued");
    // Only an agent without the skill frees up: the billing caller's heap is not rebuilt for them.
    await db.agent.update({ where: { id: plain.id }, data: { status: "AVAILABLE" } });
    const skippedPoll = await probe(() => assignAgent(db, { callId: billing.id, languageCode: "en" }, opts));
    expect(skippedPoll.result).toMatchObject({ kind: "queued" });
    expect(poolQueries(skippedPoll.texts)).toEqual([]);
    await db.agent.update({ where: { id: skilled.id }, data: { status: "AVAILABLE" } });
    expect(await assignAgent(db, { callId: billing.id, languageCode: "en" }, opts)).toMatchObject({ kind: "assigned", agent: { id: skilled.id } });
    expect(await assignAgent(db, { callId: (await createCall(db)).id, languageCode: "en" }, opts)).toMatchObject({
      kind: "assigned",
      agent: { id: plain.id },
    });
  });

  it("a head-of-line queue poll with no claimable agent sends no pool query", async () => {
    await createAgent(db, { status: "BUSY" });
    await createAgent(db, { status: "NOT_READY" });
    const opts = warm();
    const call = await createCall(db);
    const first = await assignAgent(db, { callId: call.id, languageCode: "en" }, opts);
    expect(first).toMatchObject({ kind: "queued", position: 1 });
    const poll = await probe(() => assignAgent(db, { callId: call.id, languageCode: "en" }, opts));
    expect(poll.result).toEqual(first);
    expect(poolQueries(poll.texts)).toEqual([]);
  });

  it("an available agent this call already rang does not make its queue polls rebuild the pool", async () => {
    const agent = await createAgent(db);
    const opts = warm({ maxFailovers: 0 });
    const call = await createCall(db);
    expect(await assignAgent(db, { callId: call.id, languageCode: "en" }, opts)).toMatchObject({ kind: "assigned", agent: { id: agent.id } });
    expect((await recordDialResult(db, { callId: call.id, dialStatus: "no-answer", talkSeconds: 0 }, opts)).next).toBe("queue");
    expect((await db.agent.findUniqueOrThrow({ where: { id: agent.id } })).status).toBe("AVAILABLE");
    expect((await assignAgent(db, { callId: call.id, languageCode: "en" }, opts)).kind).toBe("queued");
    const poll = await probe(() => assignAgent(db, { callId: call.id, languageCode: "en" }, opts));
    expect(poll.result).toMatchObject({ kind: "queued", position: 1 });
    expect(poolQueries(poll.texts)).toEqual([]);
  });
});
