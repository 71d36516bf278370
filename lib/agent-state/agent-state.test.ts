// The agent state machine on a real (per-file) database, SQLite or PostgreSQL (TEST_DATABASE=postgres): wrap-up,
// not-ready reasons, what the system may and may not change, dispositions, and refused input that changes nothing.
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { createPrismaClient, tuneSqlite } from "../db/client";
import { clearPools } from "../routing/agent-pool";
import { assignAgent, reconcile, recordDialResult, releaseCall } from "../routing/index";
import { createAgent, createCall, ensureLanguages, testOptions } from "../../tests/support/routing-fixtures";
import { saveDisposition } from "./dispositions";
import { AgentStateError } from "./errors";
import { changeAgentState, extendWrapUp, sweepExpiredWrapUps } from "./transitions";

const db = createPrismaClient(process.env.DATABASE_URL!);
afterAll(() => db.$disconnect());

beforeEach(async () => {
  await tuneSqlite(db, process.env.DATABASE_URL!);
  await db.callDisposition.deleteMany();
  await db.agentStateChange.deleteMany();
  await db.routingCandidate.deleteMany();
  await db.routingDecision.deleteMany();
  await db.agentAssignment.deleteMany();
  await db.callEvent.deleteMany();
  await db.call.deleteMany();
  await db.agent.deleteMany();
  await ensureLanguages(db);
  clearPools(db);
});

const T0 = new Date("2026-11-29T10:00:00Z");
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
const AGENT = { kind: "agent" } as const;
const wrapUp = (seconds: number, now: Date) => testOptions({ wrapUpSeconds: seconds }, now).opts;
const agentRow = (id: string) => db.agent.findUniqueOrThrow({ where: { id } });

/** A call routed to the only available agent, answered and completed at `endAt` seconds. */
async function talkedCall(agentId: string, endAt: number, wrapUpSeconds = 30) {
  const call = await createCall(db);
  const r = await assignAgent(db, { callId: call.id, languageCode: "en" }, wrapUp(wrapUpSeconds, at(endAt - 60)));
  expect(r).toMatchObject({ kind: "assigned", agent: { id: agentId } });
  await db.call.update({ where: { id: call.id }, data: { agentConnectedAt: at(endAt - 50), status: "CONNECTED" } });
  await recordDialResult(db, { callId: call.id, dialStatus: "completed", talkSeconds: 50 }, wrapUp(wrapUpSeconds, at(endAt)));
  return call;
}

async function expectRefused(run: () => Promise<unknown>, status: number) {
  const err = await run().then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AgentStateError);
  expect((err as AgentStateError).status).toBe(status);
}

describe("wrap-up", () => {
  it("a call that ends puts the agent in wrap-up; routing skips them until Ready or the time runs out", async () => {
    const agent = await createAgent(db);
    await talkedCall(agent.id, 100);
    expect(await agentRow(agent.id)).toMatchObject({ status: "WRAP_UP", wrapUpUntil: at(130), currentCallId: null, stateSince: at(100) });

    const waiting = await createCall(db);
    const during = await assignAgent(db, { callId: waiting.id, languageCode: "en" }, wrapUp(30, at(120)));
    expect(during.kind).toBe("queued");

    // The time ran out: routing treats the expired wrap-up as available without any sweep or timer.
    const after = await assignAgent(db, { callId: waiting.id, languageCode: "en" }, wrapUp(30, at(131)));
    expect(after).toMatchObject({ kind: "assigned", agent: { id: agent.id } });
    expect(await agentRow(agent.id)).toMatchObject({ status: "BUSY", currentCallId: waiting.id });
  });

  it("Ready ends wrap-up at once; the history says who moved the agent and when", async () => {
    const agent = await createAgent(db);
    const call = await talkedCall(agent.id, 100);
    await changeAgentState(db, agent.id, { status: "AVAILABLE" }, AGENT, at(110));
    expect(await agentRow(agent.id)).toMatchObject({ status: "AVAILABLE", wrapUpUntil: null, stateSince: at(110) });
    const history = await db.agentStateChange.findMany({ where: { agentId: agent.id }, orderBy: { id: "asc" } });
    expect(history.map((h) => [h.fromStatus, h.toStatus, h.actor, h.at.toISOString()])).toEqual([
      ["AVAILABLE", "BUSY", "system", at(40).toISOString()],
      ["BUSY", "WRAP_UP", "system", at(100).toISOString()],
      ["WRAP_UP", "AVAILABLE", "agent", at(110).toISOString()],
    ]);
    expect(history[1]).toMatchObject({ callId: call.id, until: at(130) });
  });

  it("wrap-up 0 turns it off: the agent is available the moment the call ends", async () => {
    const agent = await createAgent(db);
    await talkedCall(agent.id, 100, 0);
    expect((await agentRow(agent.id)).status).toBe("AVAILABLE");
  });

  it("a caller who hangs up mid-conversation leaves the agent in wrap-up; one who hangs up while it rings does not", async () => {
    const [a, b] = [await createAgent(db), await createAgent(db)];
    const talking = await createCall(db);
    const ringing = await createCall(db);
    const opts = wrapUp(30, at(0));
    const first = await assignAgent(db, { callId: talking.id, languageCode: "en" }, opts);
    const second = await assignAgent(db, { callId: ringing.id, languageCode: "en" }, opts);
    expect(first.kind === "assigned" && second.kind === "assigned").toBe(true);
    await db.call.update({ where: { id: talking.id }, data: { agentConnectedAt: at(5) } });
    await releaseCall(db, { callId: talking.id }, wrapUp(30, at(20)));
    await releaseCall(db, { callId: ringing.id }, wrapUp(30, at(20)));
    const talkedTo = first.kind === "assigned" ? first.agent.id : "";
    const rang = talkedTo === a.id ? b.id : a.id;
    expect((await agentRow(talkedTo)).status).toBe("WRAP_UP");
    expect((await agentRow(rang)).status).toBe("AVAILABLE");
  });

  it("extends once within the 15-minute maximum; a second extension or one past the maximum is refused and changes nothing", async () => {
    const agent = await createAgent(db);
    await talkedCall(agent.id, 100, 600);
    await expectRefused(() => extendWrapUp(db, agent.id, { seconds: 400 }, { wrapUpSeconds: 600 }, AGENT, at(200)), 422);
    expect(await agentRow(agent.id)).toMatchObject({ wrapUpUntil: at(700), wrapUpExtended: false });
    await expectRefused(() => extendWrapUp(db, agent.id, { seconds: 0 }, { wrapUpSeconds: 600 }, AGENT, at(200)), 400);
    await expectRefused(() => extendWrapUp(db, agent.id, { seconds: "lots" }, { wrapUpSeconds: 600 }, AGENT, at(200)), 400);

    const { wrapUpUntil } = await extendWrapUp(db, agent.id, { seconds: 300 }, { wrapUpSeconds: 600 }, AGENT, at(200));
    expect(wrapUpUntil).toEqual(at(1000)); // exactly 15 minutes after the call ended
    await expectRefused(() => extendWrapUp(db, agent.id, { seconds: 1 }, { wrapUpSeconds: 600 }, AGENT, at(300)), 422);
    expect(await agentRow(agent.id)).toMatchObject({ status: "WRAP_UP", wrapUpUntil: at(1000), wrapUpExtended: true });
  });

  it("the sweep ends expired wrap-ups only, stamped when they ran out", async () => {
    const [done, busyWrapping] = [await createAgent(db), await createAgent(db)];
    await talkedCall(done.id, 100);
    await db.agent.update({ where: { id: busyWrapping.id }, data: { status: "WRAP_UP", wrapUpUntil: at(500), stateSince: at(100) } });
    expect(await sweepExpiredWrapUps(db, at(200))).toEqual([done.id]);
    expect(await agentRow(done.id)).toMatchObject({ status: "AVAILABLE", stateSince: at(130) });
    expect((await agentRow(busyWrapping.id)).status).toBe("WRAP_UP");
    expect(await sweepExpiredWrapUps(db, at(200))).toEqual([]);
  });
});

describe("not-ready: only the agent or a supervisor changes it", () => {
  it("an agent on Break is never offered a caller, even with a caller waiting, and is claimable the moment they go ready", async () => {
    const agent = await createAgent(db);
    await changeAgentState(db, agent.id, { status: "NOT_READY", reason: "BREAK" }, AGENT, at(0));
    const call = await createCall(db);
    for (let s = 1; s <= 5; s++) {
      const r = await assignAgent(db, { callId: call.id, languageCode: "en" }, testOptions({ cacheTtlMs: 60_000 }, at(s)).opts);
      expect(r.kind).toBe("queued");
    }
    // Ready: the very next poll of the queued caller takes them, without waiting for the cache to expire.
    await changeAgentState(db, agent.id, { status: "AVAILABLE" }, AGENT, at(6));
    const r = await assignAgent(db, { callId: call.id, languageCode: "en" }, testOptions({ cacheTtlMs: 60_000 }, at(7)).opts);
    expect(r).toMatchObject({ kind: "assigned", agent: { id: agent.id } });
  });

  it("a late dial result, a repeated hangup and reconcile never turn Break or Offline into Available", async () => {
    const [breakAgent, offAgent] = [await createAgent(db), await createAgent(db)];
    const opts = wrapUp(30, at(0));
    const calls = [await createCall(db), await createCall(db)];
    for (const c of calls) await assignAgent(db, { callId: c.id, languageCode: "en" }, opts);
    // Both calls are missed, then each agent steps away.
    for (const c of calls) await recordDialResult(db, { callId: c.id, dialStatus: "failed", talkSeconds: 0 }, opts);
    await changeAgentState(db, breakAgent.id, { status: "NOT_READY", reason: "BREAK" }, AGENT, at(10));
    await changeAgentState(db, offAgent.id, { status: "OFFLINE" }, AGENT, at(10));
    // Late and repeated callbacks, hangups and the safety net.
    for (const c of calls) {
      await recordDialResult(db, { callId: c.id, dialStatus: "completed", talkSeconds: 40 }, opts);
      await recordDialResult(db, { callId: c.id, dialStatus: "failed", talkSeconds: 0 }, opts);
      await db.call.update({ where: { id: c.id }, data: { status: "COMPLETED", endedAt: at(20) } });
      await releaseCall(db, { callId: c.id }, opts);
      await releaseCall(db, { callId: c.id }, opts);
    }
    await reconcile(db, at(30), opts);
    await sweepExpiredWrapUps(db, at(10_000));
    expect(await agentRow(breakAgent.id)).toMatchObject({ status: "NOT_READY", notReadyReason: "BREAK" });
    expect((await agentRow(offAgent.id)).status).toBe("OFFLINE");
  });

  it("3 missed calls make the agent not-ready 'Missed calls', which they clear by going ready", async () => {
    const agent = await createAgent(db);
    const opts = wrapUp(30, at(0));
    for (let i = 0; i < 3; i++) {
      const c = await createCall(db);
      await assignAgent(db, { callId: c.id, languageCode: "en" }, opts);
      await recordDialResult(db, { callId: c.id, dialStatus: "no-answer", talkSeconds: 0 }, opts);
    }
    expect(await agentRow(agent.id)).toMatchObject({ status: "NOT_READY", notReadyReason: "MISSED_CALLS" });
    await changeAgentState(db, agent.id, { status: "AVAILABLE" }, AGENT, at(60));
    expect(await agentRow(agent.id)).toMatchObject({ status: "AVAILABLE", notReadyReason: null, consecutiveMisses: 0 });
  });

  it("a supervisor's forced change is audited with their email; a busy agent cannot be forced", async () => {
    const agent = await createAgent(db);
    await changeAgentState(db, agent.id, { status: "NOT_READY", reason: "MEETING" }, { kind: "supervisor", email: "sam@example.com" }, at(5));
    const [row] = await db.agentStateChange.findMany({ where: { agentId: agent.id } });
    expect(row).toMatchObject({ fromStatus: "AVAILABLE", toStatus: "NOT_READY", reason: "MEETING", actor: "supervisor:sam@example.com", at: at(5) });
    await changeAgentState(db, agent.id, { status: "AVAILABLE" }, AGENT, at(6));
    const c = await createCall(db);
    await assignAgent(db, { callId: c.id, languageCode: "en" }, wrapUp(30, at(7)));
    await expectRefused(() => changeAgentState(db, agent.id, { status: "OFFLINE" }, { kind: "supervisor", email: "sam@example.com" }, at(8)), 409);
    expect((await agentRow(agent.id)).status).toBe("BUSY");
  });
});

describe("bad input: a clear 4xx and nothing changed", () => {
  it.each([
    ["an unknown reason", { status: "NOT_READY", reason: "NAP" }, 400],
    ["a reason only the system sets", { status: "NOT_READY", reason: "MISSED_CALLS" }, 400],
    ["not-ready without a reason", { status: "NOT_READY" }, 400],
    ["a status the agent cannot choose", { status: "BUSY" }, 400],
    ["wrap-up chosen by hand", { status: "WRAP_UP" }, 400],
    ["garbage", "AVAILABLE", 400],
  ])("%s", async (_name, change, status) => {
    const agent = await createAgent(db);
    await expectRefused(() => changeAgentState(db, agent.id, change, AGENT, at(1)), status);
    expect(await agentRow(agent.id)).toMatchObject({ status: "AVAILABLE", notReadyReason: null });
    expect(await db.agentStateChange.count()).toBe(0);
  });

  it("a state change for an agent that does not exist is a 404", async () => {
    await expectRefused(() => changeAgentState(db, "nobody", { status: "OFFLINE" }, AGENT, at(1)), 404);
  });

  it("dispositions: unknown code 400, another agent's call 403, an unknown call 404; nothing stored", async () => {
    const [mine, other] = [await createAgent(db), await createAgent(db, { status: "OFFLINE" })];
    const call = await talkedCall(mine.id, 100);
    await expectRefused(() => saveDisposition(db, mine.id, { callId: call.id, code: "SOLVED_IT", notes: "x" }), 400);
    await expectRefused(() => saveDisposition(db, other.id, { callId: call.id, code: "RESOLVED", notes: "x" }), 403);
    await expectRefused(() => saveDisposition(db, mine.id, { callId: "no-such-call", code: "RESOLVED" }), 404);
    await expectRefused(() => saveDisposition(db, mine.id, { callId: call.id, code: "RESOLVED", notes: "n".repeat(2001) }), 400);
    expect(await db.callDisposition.count()).toBe(0);
    expect(await db.callEvent.count({ where: { type: "disposition" } })).toBe(0);
  });
});

describe("dispositions", () => {
  it("stores code and notes with the call once (a second save edits it) and adds them to the call's timeline", async () => {
    const agent = await createAgent(db);
    const call = await talkedCall(agent.id, 100);
    await saveDisposition(db, agent.id, { callId: call.id, code: "FOLLOW_UP", notes: "Send the refund form" }, at(105));
    await saveDisposition(db, agent.id, { callId: call.id, code: "RESOLVED", notes: "Refund done on the call" }, at(110));
    const stored = await db.callDisposition.findMany({ where: { callId: call.id } });
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ agentId: agent.id, code: "RESOLVED", notes: "Refund done on the call" });
    const events = await db.callEvent.findMany({ where: { callId: call.id, type: "disposition" }, orderBy: { id: "asc" } });
    expect(events.map((e) => JSON.parse(e.detail ?? "{}").label)).toEqual(["Follow-up needed", "Resolved"]);
  });
});

describe("state time for analytics", () => {
  it("splits an agent's day into available, busy, wrap-up and not-ready per reason", async () => {
    const { loadStateTime } = await import("./state-time");
    const agent = await createAgent(db);
    await changeAgentState(db, agent.id, { status: "OFFLINE" }, AGENT, at(0));
    await changeAgentState(db, agent.id, { status: "AVAILABLE" }, AGENT, at(100)); // 40 s available
    await talkedCall(agent.id, 200); // claimed at 140, busy 60 s, wrap-up 30 s, then available by itself
    await changeAgentState(db, agent.id, { status: "NOT_READY", reason: "LUNCH" }, AGENT, at(300)); // 70 s available
    await changeAgentState(db, agent.id, { status: "NOT_READY", reason: "BREAK" }, AGENT, at(400)); // 100 s lunch
    const t = await loadStateTime(db, at(0), at(500)); // 100 s break to the end
    expect(t.seconds).toMatchObject({ OFFLINE: 100, AVAILABLE: 110, BUSY: 60, WRAP_UP: 30, NOT_READY: 200 });
    expect(t.occupancy).toBeCloseTo(60 / 200);
    expect(t.wrapUpShare).toBeCloseTo(30 / 200);
    expect(t.notReadyByReason).toEqual([
      { reason: "Lunch", seconds: 100, share: 0.25 },
      { reason: "Break", seconds: 100, share: 0.25 },
    ]);
  });
});
