// A queued caller's poll (the hold loop, every few seconds for minutes), issue #20: no queue-entry UPDATE that cannot
// match, the unchanged-decision check, the conditional decision write and the status read in one statement on
// PostgreSQL, and the position from the count the decision already made. Same answers and rows as before. Runs on
// SQLite, and on PostgreSQL with TEST_DATABASE=postgres.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { direct } from "../db/direct";
import { countStatementsIn, resetStatementCounts, setStatementCounting, statementSnapshot } from "../db/statement-count";
import type { Call } from "../generated/prisma/client";
import { assignAgent, listQueue, releaseCall, routingSnapshotColumns, routingSnapshotJoin, snapshotFrom, type RoutingSnapshotColumns } from "./index";
import { routingTestDb } from "../../tests/support/routing-db";
import { createAgent, createCall, testOptions } from "../../tests/support/routing-fixtures";

const { db } = routingTestDb();
const postgres = process.env.TEST_DATABASE === "postgres";

beforeAll(() => setStatementCounting(true));
afterAll(() => setStatementCounting(false));

async function probe<T>(fn: () => Promise<T>): Promise<{ result: T; statements: number; texts: string[] }> {
  resetStatementCounts();
  const result = await countStatementsIn("probe", fn);
  const t = statementSnapshot().byKey.probe;
  return { result, statements: t?.statements ?? 0, texts: Object.keys(t?.texts ?? {}) };
}

async function known(callId: string) {
  const [row] = await direct(db).$queryRaw<Array<Call & RoutingSnapshotColumns>>`
    SELECT c.*, ${routingSnapshotColumns("c")} FROM "Call" c ${routingSnapshotJoin("c")} WHERE c."id" = ${callId}`;
  return snapshotFrom(row!);
}

const secondsAfter = (t: Date, s: number) => new Date(t.getTime() + s * 1000);

describe("queue polls", () => {
  it("a poll behind another caller is two statements with a known snapshot on PostgreSQL, and re-sends no queue entry", async () => {
    await createAgent(db, { status: "BUSY" });
    const opts = testOptions({ cacheTtlMs: 60_000 }).opts;
    const ahead = await createCall(db);
    const behind = await createCall(db);
    expect(await assignAgent(db, { callId: ahead.id, languageCode: "en" }, opts)).toMatchObject({ kind: "queued", position: 1 });
    const first = await assignAgent(db, { callId: behind.id, languageCode: "en" }, opts);
    expect(first).toMatchObject({ kind: "queued", position: 2 });
    const snapshot = await known(behind.id);
    const poll = await probe(() => assignAgent(db, { callId: behind.id, languageCode: "en", known: snapshot }, opts));
    expect(poll.result).toEqual({ ...first, waitedSeconds: poll.result.kind === "queued" ? poll.result.waitedSeconds : -1 });
    // The line (with the claimable check) and, on PostgreSQL, one statement for the decision and the call's state;
    // SQLite reads the last decision and the call's state on their own.
    expect(poll.statements, poll.texts.join("\n")).toBe(postgres ? 2 : 3);
    expect(poll.texts.filter((t) => t.startsWith('UPDATE "Call"'))).toEqual([]);
    expect(await db.routingDecision.count({ where: { callId: behind.id } })).toBe(1);
  });

  it("a caller joining the queue: the entry, the decision and the call's state in one statement on PostgreSQL, one signal", async () => {
    await createAgent(db, { status: "BUSY" });
    const customer = await db.customer.create({ data: { phone: "+14155556666", priority: 1 } });
    const call = await createCall(db, "en", { customerId: customer.id });
    const now = new Date();
    const { opts, published } = testOptions({ cacheTtlMs: 60_000, priorityBoostSeconds: 60 }, now);
    const snapshot = await known(call.id);
    const joined = await probe(() => assignAgent(db, { callId: call.id, languageCode: "en", known: snapshot }, opts));
    expect(joined.result).toMatchObject({ kind: "queued", position: 1, waitedSeconds: 0 });
    if (postgres) {
      expect(joined.texts.filter((t) => t.startsWith('UPDATE "Call"'))).toEqual([]);
      expect(joined.texts.filter((t) => t.startsWith('WITH "entered"'))).toHaveLength(1);
    }
    expect(published).toHaveLength(1); // queue.changed
    const row = await db.call.findUniqueOrThrow({ where: { id: call.id } });
    const decision = await db.routingDecision.findFirstOrThrow({ where: { callId: call.id } });
    expect(decision).toMatchObject({ id: (joined.result as { decisionId: string }).decisionId, outcome: "NO_AGENTS", priority: 1 });
    expect(row).toMatchObject({ status: "QUEUED", queuedAt: now, placeAt: secondsAfter(now, -60), preferredUntil: null, routedAt: decision.createdAt });
    // A second caller arriving now stands behind the first (whose place the priority moved a minute earlier).
    const next = await createCall(db);
    expect(await assignAgent(db, { callId: next.id, languageCode: "en" }, opts)).toMatchObject({ kind: "queued", position: 2 });
  });

  it("positions come from the decision's own count and follow the line as it moves", async () => {
    await createAgent(db, { status: "BUSY" });
    const opts = testOptions().opts;
    const calls = [await createCall(db), await createCall(db), await createCall(db)];
    for (const [i, c] of calls.entries()) {
      expect(await assignAgent(db, { callId: c.id, languageCode: "en" }, opts)).toMatchObject({ kind: "queued", position: i + 1 });
    }
    for (const [i, c] of calls.entries()) {
      expect(await assignAgent(db, { callId: c.id, languageCode: "en" }, opts)).toMatchObject({ kind: "queued", position: i + 1 });
    }
    expect((await listQueue(db)).map((e) => [e.callId, e.position])).toEqual(calls.map((c, i) => [c.id, i + 1]));
    await releaseCall(db, { callId: calls[0]!.id }, opts);
    expect(await assignAgent(db, { callId: calls[2]!.id, languageCode: "en" }, opts)).toMatchObject({ kind: "queued", position: 2 });
    expect(await assignAgent(db, { callId: calls[1]!.id, languageCode: "en" }, opts)).toMatchObject({ kind: "queued", position: 1 });
  });

  it("a queued caller who starts waiting for their preferred agent: preferredUntil set, the decision written with its candidates, once", async () => {
    const t0 = new Date();
    const preferred = await createAgent(db, { status: "NOT_READY" });
    const other = await createAgent(db, { status: "BUSY", ratingSum: 12, ratingCount: 4 });
    const customer = await db.customer.create({ data: { phone: "+14155557777", lastAgentId: preferred.id, lastRating: 4 } });
    const call = await createCall(db, "en", { customerId: customer.id });
    const cfg = { preferredWaitSeconds: 20 };
    // Their preferred agent is not ready (never waited for) and nobody else is free: queued as anyone.
    const first = await assignAgent(db, { callId: call.id, languageCode: "en" }, testOptions(cfg, t0).opts);
    expect(first).toMatchObject({ kind: "queued", position: 1 });
    expect(first).not.toHaveProperty("waitingForPreferred");
    const queued = await db.call.findUniqueOrThrow({ where: { id: call.id } });
    expect(queued).toMatchObject({ status: "QUEUED", preferredUntil: null });

    // The preferred agent comes back and takes another call; another agent frees up: the caller waits for theirs.
    const holder = await createCall(db);
    await db.agent.update({ where: { id: preferred.id }, data: { status: "BUSY", currentCallId: holder.id } });
    await db.agent.update({ where: { id: other.id }, data: { status: "AVAILABLE" } });
    const wait = await probe(() => assignAgent(db, { callId: call.id, languageCode: "en" }, testOptions(cfg, secondsAfter(t0, 5)).opts));
    expect(wait.result).toMatchObject({ kind: "queued", position: 1, waitingForPreferred: true });
    if (postgres) expect(wait.texts.filter((t) => t.startsWith('UPDATE "Call"'))).toEqual([]); // inside the poll's statement
    const after = await db.call.findUniqueOrThrow({ where: { id: call.id } });
    expect(after.preferredUntil).toEqual(secondsAfter(queued.queuedAt!, 20));
    expect(after.routedAt).toEqual(queued.routedAt);
    const decisions = await db.routingDecision.findMany({ where: { callId: call.id }, orderBy: { createdAt: "asc" }, include: { candidates: true } });
    expect(decisions.map((d) => [d.outcome, d.reason, d.candidateCount])).toEqual([
      ["NO_AGENTS", null, 0],
      ["QUEUED", "waiting for preferred agent", 1],
    ]);
    expect(decisions[1]!.id).toBe((wait.result as { decisionId: string }).decisionId);
    expect(decisions[1]!.candidates).toEqual([
      expect.objectContaining({ agentId: other.id, rank: 1, claimed: false, recentCalls: 0, ratingCount: 4, proficiency: null, skillPoints: 0 }),
    ]);
    expect(decisions[1]!.candidates[0]!.avgRating).toBeCloseTo((12 + 3 * 2.5) / 7, 6);

    // The next poll changes nothing: the same decision, nothing written.
    const again = await assignAgent(db, { callId: call.id, languageCode: "en" }, testOptions(cfg, secondsAfter(t0, 8)).opts);
    expect(again).toMatchObject({ kind: "queued", waitingForPreferred: true, decisionId: decisions[1]!.id });
    expect(await db.routingDecision.count({ where: { callId: call.id } })).toBe(2);
    expect(await db.routingCandidate.count({ where: { decisionId: decisions[1]!.id } })).toBe(1);
  });

  it("stamps routedAt on a queued call that has none when a poll writes a decision", async () => {
    await createAgent(db, { status: "BUSY" });
    const call = await createCall(db);
    const opts = testOptions().opts;
    await assignAgent(db, { callId: call.id, languageCode: "en" }, opts);
    await db.routingDecision.deleteMany({ where: { callId: call.id } });
    await db.call.update({ where: { id: call.id }, data: { routedAt: null } });
    const poll = await assignAgent(db, { callId: call.id, languageCode: "en" }, opts);
    expect(poll).toMatchObject({ kind: "queued", position: 1 });
    const decision = await db.routingDecision.findFirstOrThrow({ where: { callId: call.id } });
    expect(decision.id).toBe((poll as { decisionId: string }).decisionId);
    expect((await db.call.findUniqueOrThrow({ where: { id: call.id } })).routedAt).toEqual(decision.createdAt);
  });
});
