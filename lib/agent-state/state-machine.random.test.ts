// Randomised fault injection against the agent state machine, on SQLite or PostgreSQL (TEST_DATABASE=postgres).
// Agents change their own state at random while calls are routed; dials fail, time out or are cancelled (the caller
// hangs up while it rings); dial results arrive late, twice or after the hangup; reconcile and the wrap-up sweep
// run in between; several operations run at once. Afterwards, from the database:
//   - no caller was ever offered to an agent in a not-ready or live wrap-up state (every claim's history row says
//     what it took the agent from);
//   - no state an agent chose (not-ready with its reason, offline) was changed by the system;
//   - no agent is BUSY without a live call; every connected call is counted once in its agent's totals.
// The seed is printed (STATE_MACHINE_SEED=n replays a run).
import { afterAll, describe, expect, it } from "vitest";
import { createPrismaClient, tuneSqlite } from "../db/client";
import { clearPools } from "../routing/agent-pool";
import { assignAgent, reconcile, recordDialResult, releaseCall } from "../routing/index";
import { createAgent, createCall, ensureLanguages, testOptions } from "../../tests/support/routing-fixtures";
import { AgentStateError } from "./errors";
import { changeAgentState, extendWrapUp, sweepExpiredWrapUps } from "./transitions";

const db = createPrismaClient(process.env.DATABASE_URL!);
afterAll(() => db.$disconnect());

function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type CallModel = { id: string; phase: "waiting" | "ringing" | "talking" | "ended"; agentId?: string };
type Chosen = { status: "NOT_READY" | "OFFLINE"; reason: string | null };

const REASONS = ["BREAK", "LUNCH", "TRAINING", "MEETING"];
const WRAP_UP_SECONDS = 20;

describe("agent state machine under random faults", () => {
  it("never offers a caller to a not-ready or wrapping-up agent, never overrides an agent's choice, leaves no one stuck", async () => {
    await tuneSqlite(db, process.env.DATABASE_URL!);
    await ensureLanguages(db);
    clearPools(db);
    const seed = Number(process.env.STATE_MACHINE_SEED ?? Math.floor(Math.random() * 2 ** 31));
    const rand = mulberry32(seed);
    const pick = <T,>(xs: T[]): T | undefined => (xs.length ? xs[Math.floor(rand() * xs.length)] : undefined);

    const agents = await Promise.all(Array.from({ length: 8 }, () => createAgent(db)));
    const agentIds = agents.map((a) => a.id);
    const chosen = new Map<string, Chosen | null>(agentIds.map((id) => [id, null]));
    const calls: CallModel[] = [];
    const late: Array<() => Promise<unknown>> = [];
    const counts = { calls: 0, assigned: 0, stateChanges: 0, refusedStateChanges: 0, extensions: 0, faults: 0, lateCallbacks: 0, duplicateCallbacks: 0, cancels: 0, reconciles: 0, sweeps: 0, violations: 0 };
    let clock = Date.parse("2026-11-29T09:00:00Z");
    const tick = () => new Date((clock += 1000 + Math.floor(rand() * 4000)));
    const opts = (now: Date) => testOptions({ wrapUpSeconds: WRAP_UP_SECONDS, cacheTtlMs: 3000 }, now).opts;

    const route = async (c: CallModel) => {
      const now = tick();
      const r = await assignAgent(db, { callId: c.id, languageCode: "en" }, opts(now));
      if (r.kind === "assigned") {
        counts.assigned++;
        c.phase = "ringing";
        c.agentId = r.agent.id;
      } else if (r.kind === "gave-up") c.phase = "ended";
    };
    const dial = async (c: CallModel, status: "completed" | "busy" | "failed" | "no-answer" | "timeout") => {
      const now = tick();
      const deliver = () => recordDialResult(db, { callId: c.id, dialStatus: status, talkSeconds: status === "completed" ? 30 : 0 }, opts(now));
      if (rand() < 0.2) {
        counts.lateCallbacks++;
        late.push(deliver); // arrives later, possibly after the hangup or out of order with others
      } else {
        const r = await deliver();
        if (rand() < 0.2) {
          counts.duplicateCallbacks++;
          await deliver();
        }
        if (status !== "completed") c.phase = r.next === "queue" || r.next === "retry" ? "waiting" : c.phase;
      }
      if (status === "completed") c.phase = "talking";
      else {
        counts.faults++;
        c.phase = "waiting";
        c.agentId = undefined;
      }
    };
    const hangup = async (c: CallModel) => {
      const now = tick();
      if (c.phase === "ringing") counts.cancels++; // the caller hung up while the agent's phone rang
      await db.call.update({ where: { id: c.id }, data: { status: "COMPLETED", endedAt: now } });
      await releaseCall(db, { callId: c.id }, opts(now));
      if (rand() < 0.2) await releaseCall(db, { callId: c.id }, opts(now)); // Plivo retried the hangup
      c.phase = "ended";
    };
    const agentMoves = async (agentId: string) => {
      const now = tick();
      const r = rand();
      const { status } = await db.agent.findUniqueOrThrow({ where: { id: agentId }, select: { status: true } });
      try {
        if (status === "WRAP_UP" && r < 0.4) {
          await extendWrapUp(db, agentId, { seconds: 10 }, { wrapUpSeconds: WRAP_UP_SECONDS }, { kind: "agent" }, now);
          counts.extensions++;
          return;
        }
        const change =
          r < 0.55 ? { status: "AVAILABLE" as const } : r < 0.85 ? { status: "NOT_READY" as const, reason: pick(REASONS)! } : { status: "OFFLINE" as const };
        await changeAgentState(db, agentId, change, { kind: "agent" }, now);
        counts.stateChanges++;
        chosen.set(agentId, change.status === "AVAILABLE" ? null : { status: change.status, reason: "reason" in change ? (change.reason ?? null) : null });
      } catch (err) {
        if (!(err instanceof AgentStateError) || ![409, 422].includes(err.status)) throw err;
        counts.refusedStateChanges++;
      }
    };

    const checkChoicesKept = async () => {
      const rows = await db.agent.findMany({ select: { id: true, status: true, notReadyReason: true } });
      for (const a of rows) {
        const c = chosen.get(a.id);
        if (c && (a.status !== c.status || a.notReadyReason !== c.reason)) {
          counts.violations++;
          console.error(`agent ${a.id} chose ${c.status}/${c.reason} but is ${a.status}/${a.notReadyReason}`);
        }
      }
    };

    // At least 200 steps, and on until the run has exercised what the checks below are about: some seeds bring too
    // few assignments or dial faults in 200 steps (seed 1052431470: 1 fault and 1 cancel). Capped, so a routing that
    // stopped assigning fails the counts below instead of looping.
    const exercised = () => counts.assigned > 10 && counts.stateChanges > 5 && counts.faults + counts.cancels > 3;
    for (let step = 0; step < 200 || (!exercised() && step < 1000); step++) {
      // Up to three operations at once, each on a different agent / call.
      const batch: Array<() => Promise<unknown>> = [];
      const busyCalls = new Set<string>();
      const movedAgents = new Set<string>();
      for (let k = 0; k < 1 + Math.floor(rand() * 3); k++) {
        const r = rand();
        const live = calls.filter((c) => c.phase !== "ended" && !busyCalls.has(c.id));
        if (r < 0.22) {
          const call = await createCall(db);
          counts.calls++;
          const c: CallModel = { id: call.id, phase: "waiting" };
          calls.push(c);
          busyCalls.add(c.id);
          batch.push(() => route(c));
        } else if (r < 0.32) {
          const c = pick(live.filter((x) => x.phase === "waiting"));
          if (c) {
            busyCalls.add(c.id);
            batch.push(() => route(c));
          }
        } else if (r < 0.5) {
          const c = pick(live.filter((x) => x.phase === "ringing"));
          if (c) {
            busyCalls.add(c.id);
            const answered = rand() < 0.6;
            batch.push(async () => {
              if (answered) await db.call.update({ where: { id: c.id }, data: { agentConnectedAt: tick(), status: "CONNECTED" } });
              await dial(c, answered ? "completed" : pick(["busy", "failed", "no-answer", "timeout"] as const)!);
            });
          }
        } else if (r < 0.62) {
          const c = pick(live);
          if (c) {
            busyCalls.add(c.id);
            batch.push(() => hangup(c));
          }
        } else if (r < 0.87) {
          const a = pick(agentIds.filter((id) => !movedAgents.has(id)));
          if (a) {
            movedAgents.add(a);
            batch.push(() => agentMoves(a));
          }
        } else if (r < 0.92 && late.length > 0) {
          const i = Math.floor(rand() * late.length);
          const deliver = late.splice(i, 1)[0]!;
          batch.push(deliver);
        } else if (r < 0.96) {
          counts.reconciles++;
          batch.push(() => reconcile(db, tick(), opts(new Date(clock))));
        } else {
          counts.sweeps++;
          batch.push(() => sweepExpiredWrapUps(db, tick()));
        }
      }
      await Promise.all(batch.map((run) => run()));
      await checkChoicesKept();
    }

    // Everything left: late callbacks arrive, every caller hangs up, the safety net runs.
    for (const deliver of late) await deliver();
    for (const c of calls.filter((x) => x.phase !== "ended")) await hangup(c);
    await reconcile(db, tick(), opts(new Date(clock)));
    await checkChoicesKept();

    // 1. Every claim's history row names the state routing took the agent from.
    const claims = await db.agentStateChange.findMany({ where: { toStatus: "BUSY" }, select: { fromStatus: true, agentId: true, at: true } });
    const offeredWrong = claims.filter((c) => c.fromStatus !== "AVAILABLE" && c.fromStatus !== "WRAP_UP");
    // A WRAP_UP claim must have come after that wrap-up's end: check it against the wrap-up row before it.
    for (const c of claims.filter((x) => x.fromStatus === "WRAP_UP")) {
      const wrap = await db.agentStateChange.findFirst({
        where: { agentId: c.agentId, toStatus: "WRAP_UP", at: { lte: c.at } },
        orderBy: [{ at: "desc" }, { id: "desc" }],
      });
      if (!wrap?.until || wrap.until > c.at) offeredWrong.push(c);
    }
    counts.violations += offeredWrong.length;
    const assignments = await db.agentAssignment.count();
    // 2. Nobody BUSY without a live call (every call has ended now).
    const stuck = await db.agent.count({ where: { OR: [{ status: "BUSY" }, { currentCallId: { not: null } }] } });
    counts.violations += stuck;
    // 3. Every connected call counted once, in the agent's totals and in the assignments.
    const answered = await db.agentAssignment.groupBy({ by: ["agentId"], where: { outcome: "ANSWERED" }, _count: { _all: true } });
    const perCall = await db.agentAssignment.groupBy({ by: ["callId"], where: { outcome: "ANSWERED" }, _count: { _all: true } });
    const totals = await db.agent.findMany({ select: { id: true, totalCalls: true } });
    for (const a of totals) {
      const n = answered.find((g) => g.agentId === a.id)?._count._all ?? 0;
      if (n !== a.totalCalls) counts.violations++;
    }
    counts.violations += perCall.filter((g) => g._count._all > 1).length;

    console.log(`state machine (seed ${seed}): ${JSON.stringify({ ...counts, claims: claims.length, assignments, answeredCalls: perCall.length })}`);
    expect(offeredWrong).toEqual([]);
    expect(stuck).toBe(0);
    expect(counts.violations).toBe(0);
    expect(claims.length).toBe(assignments);
    expect(counts.assigned).toBeGreaterThan(10);
    expect(counts.stateChanges).toBeGreaterThan(5);
    expect(counts.faults + counts.cancels).toBeGreaterThan(3);
  }, 180_000);
});
