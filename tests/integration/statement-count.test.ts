// Pins how many statements (database round trips) each hot caller webhook and a routing decision send, counted by
// lib/db/statement-count.ts on the driver adapter (ORM and direct SQL alike), on both databases. A route that
// starts sending one more statement fails here with its name, the pinned count and the new one: on a hosted
// PostgreSQL every round trip costs 1-5 ms of the caller's wait (issue #20). When a change adds or removes a
// statement on purpose, update EXPECTED in the same commit and say why.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { getDb, type Db } from "@/lib/db/client";
import { seedDatabase } from "@/lib/db/seed";
import { clearPools } from "@/lib/routing/agent-pool";
import { resetStatementCounts, setStatementCounting, statementSnapshot } from "@/lib/db/statement-count";
import { Caller } from "./ivr-harness";

vi.mock("@/lib/realtime/publish", () => ({ publish: vi.fn(async () => null) }));

const postgres = process.env.TEST_DATABASE === "postgres";

/**
 * Statements per step of a warm call (the routing pool cache already built by an earlier call) that the caller waits
 * for: statements a step sends after its response (the receipt's answer, with-receipt.ts) count under
 * "<route>:after", not here. Counts include BEGIN and COMMIT. Where PostgreSQL is lower it runs one statement of
 * data-modifying CTEs where SQLite (no writes inside WITH, no network) runs a transaction: the call moves
 * (call-store.ts), the agent claim (claim-agent.ts), the decision record (decision-record.ts), the rating
 * (record-rating.ts), the agent's release (release-on-postgres.ts). Issue #20's tuning so
 * far: hours cached per process (language -2), the receipt's answer stored after the response (-1 on every step
 * with a receipt), the decision record (PostgreSQL -3/-4), the claim (PostgreSQL -6) and a new call (PostgreSQL -4)
 * in one statement, the agent status read for a dashboard signal and the callback dispatch round after the response,
 * the replay guard's nonce write inside the receipt claim's statement (PostgreSQL -1 on every step with a receipt),
 * a decision reads the agents a call already rang only when it rang any (-1 per decision), the rating in one
 * statement on PostgreSQL (feedback -5), a hangup whose agent was already released in one statement (PostgreSQL -3), a dial result's assignment close, agent
 * totals and release, call and customer update in one statement (release-on-postgres.ts; PostgreSQL dial-result -8),
 * a queue poll reads the call's last decision with its candidates in one statement (enqueue.ts; -1 per unchanged poll),
 * a routing pool build reads the agents and their recent calls in one statement (agent-pool.ts; -1 per build: the
 * queued steps here build, and the two parallel statements each held a pooled connection), the re-read of agents
 * this process changed (released, rated) before a decision in one statement instead of four in parallel
 * (agent-pool.ts refreshDirty; -3 on the assigned decision, which follows the previous call's release), a decision
 * whose cached heap has no candidate rebuilds it before queueing only when the line statement (queue.ts
 * lineAndFloor) says the database holds a claimable agent the call has not rung (-1 per head-of-line poll while
 * every agent is busy: the pool build), a queued answer's position reuses the count the decision's line statement made
 * at the same place (enqueue.ts; -1 per queued decision), and a queue poll sends no queue-entry UPDATE (it cannot
 * match a QUEUED call) and on PostgreSQL reads the last decision, writes a changed one and reads the call's state in
 * one statement (enqueue.ts; poll -1 on SQLite, -2 on PostgreSQL), and so is a caller joining the queue: the entry,
 * the decision and the call's state (PostgreSQL -2 per queued decision),
 * the step's call read in the webhook's first statement on PostgreSQL (step-read.ts: the receipt claim, or a callback's
 * nonce write; -1 on every step; a routing step's pre-read also counts its dial attempts, -1 more when an agent is
 * assigned; a hangup's also counts the events deciding its final status, -1 more), the rating reads its call inside
 * its own statement on PostgreSQL (record-rating.ts; feedback -1), a dial result's pre-read brings the assignment it
 * closes (dial-result -1), a hold-loop poll that announces what the last one did writes nothing but the proof of life
 * its receipt claim stamps (PostgreSQL: queue -1; lib/ivr/flow/agent.ts repeatsLastAnnouncement), the action's choice
 * and ROUTING step recorded with the routing outcome's move (menu.ts; action -1 on PostgreSQL, -4 on SQLite), and
 * routing takes the call as the step pre-read it (assignAgent `known`, call-snapshot.ts; -1 per decision on PostgreSQL),
 * and the answer URL makes its call in its receipt claim's statement (call-store.ts newCallCtes; start -1 on PostgreSQL),
 * and on PostgreSQL a decision with no preferred agent counts the callers ahead in its claim's statement (claim-agent.ts
 * claimIfFirstInLine; the assigned decision -1: its line statement runs only when the heap has no candidate), and the
 * IVR writes an assigned decision's record with its move to the agent step (RoutingOptions.holdDecision, call-store.ts
 * moveCall; PostgreSQL: the decision -1, its action -1).
 * The failure output lists each step's statements by text.
 */
const EXPECTED: Record<string, { sqlite: number; postgres: number }> = {
  "start (answer URL, new call)": { sqlite: 8, postgres: 1 },
  "language (press 1)": { sqlite: 8, postgres: 2 },
  "action (press 2, agent assigned)": { sqlite: 22, postgres: 4 },
  "decision (assigned)": { sqlite: 14, postgres: 2 },
  "dial-events (agent answered)": { sqlite: 6, postgres: 2 },
  "dial-result (completed)": { sqlite: 17, postgres: 3 },
  "feedback (rating 4)": { sqlite: 14, postgres: 3 },
  "hangup": { sqlite: 12, postgres: 4 },
  "action (press 2, queued)": { sqlite: 17, postgres: 6 },
  "decision (queued)": { sqlite: 9, postgres: 3 },
  "queue (hold poll, still queued)": { sqlite: 11, postgres: 3 },
  "decision (queue poll)": { sqlite: 4, postgres: 2 },
};

let db: Db;

beforeAll(async () => {
  db = await getDb();
  await seedDatabase(db, { email: "sup@example.com", password: "password1" });
  setStatementCounting(true);
});
afterAll(() => setStatementCounting(false));

beforeEach(async () => {
  await db.agent.updateMany({ data: { status: "AVAILABLE", currentCallId: null, consecutiveMisses: 0 } });
  clearPools(db);
});

/** Runs one webhook step and returns the statements its route (and a decision inside it) sent. */
async function measure(route: string, step: () => Promise<unknown>): Promise<{ route: number; decision: number | null }> {
  resetStatementCounts();
  await step();
  const s = statementSnapshot().byKey;
  const t = s[route];
  if (!t || t.scopes !== 1) throw new Error(`expected one ${route} request to be counted, got ${JSON.stringify(s)}`);
  // Shown when the test fails (vitest prints logs of failed tests only): which statements the step sent.
  console.log(`${route}: ${t.statements} statements`, t.texts);
  return { route: t.statements, decision: s.decision?.statements ?? null };
}

/** A whole call on the agent path: answer, English, agent, answered, completed, rated 4, hangup. */
async function agentPathCall(): Promise<Record<string, number>> {
  const c = new Caller();
  const out: Record<string, number> = {};
  out["start (answer URL, new call)"] = (await measure("start", () => c.answer())).route;
  out["language (press 1)"] = (await measure("language", () => c.press("1"))).route;
  const action = await measure("action", () => c.press("2"));
  expect(c.elements, c.xml).toContain("Dial");
  out["action (press 2, agent assigned)"] = action.route;
  out["decision (assigned)"] = action.decision ?? -1;
  out["dial-events (agent answered)"] = (await measure("dial-events", () => c.agentEvent("answer"))).route;
  out["dial-result (completed)"] = (await measure("dial-result", () => c.dialEnds("completed", 60))).route;
  out["feedback (rating 4)"] = (await measure("feedback", () => c.press("4"))).route;
  out["hangup"] = (await measure("hangup", () => c.hangup())).route;
  return out;
}

/** Every agent busy: the caller queues, then polls the queue once. */
async function queuedCall(): Promise<Record<string, number>> {
  await db.agent.updateMany({ data: { status: "NOT_READY" } });
  clearPools(db); // as agent-state changes do: the routing cache must not offer agents that went not-ready
  const c = new Caller();
  await c.answer();
  await c.press("1");
  const out: Record<string, number> = {};
  const action = await measure("action", () => c.press("2"));
  expect(c.elements, c.xml).toContain("Redirect");
  out["action (press 2, queued)"] = action.route;
  out["decision (queued)"] = action.decision ?? -1;
  const poll = await measure("queue", () => c.followRedirect());
  out["queue (hold poll, still queued)"] = poll.route;
  out["decision (queue poll)"] = poll.decision ?? -1;
  await c.hangup();
  return out;
}

describe(`statements per hot webhook route (${postgres ? "PostgreSQL" : "SQLite"})`, () => {
  it("stores a step's answer after the response, where the caller does not wait for it, and stores it", async () => {
    const c = new Caller();
    resetStatementCounts();
    await c.answer();
    const before = statementSnapshot().byKey;
    expect(Object.keys(before.start!.texts).some((t) => t.startsWith('UPDATE "WebhookReceipt"'))).toBe(false);
    await vi.waitFor(() => expect(Object.keys(statementSnapshot().byKey["start:after"]?.texts ?? {})).toContainEqual(expect.stringContaining('UPDATE "WebhookReceipt"')));
    // Counted when sent: wait for it to land.
    await vi.waitFor(async () => {
      const [receipt] = await db.webhookReceipt.findMany({ where: { key: { startsWith: `${c.callUuid}|start` } } });
      expect(receipt?.response).toContain("<Response>");
    });
    await c.hangup();
  });

  it("match the pinned counts", async () => {
    await agentPathCall(); // builds the routing pool cache; the pinned counts are a warm server's
    const actual = { ...(await agentPathCall()), ...(await queuedCall()) };
    console.log(`statements per step (${postgres ? "postgres" : "sqlite"}):`, actual);
    const db = postgres ? "postgres" : "sqlite";
    const mismatches = Object.entries(EXPECTED)
      .filter(([step, want]) => actual[step] !== want[db])
      .map(([step, want]) => `${step}: expected ${want[db]} statements, got ${actual[step]}`);
    expect(mismatches, `statement counts changed on ${db}:\n${mismatches.join("\n")}`).toEqual([]);
  });
});
