// recordDialResult: what happened on the agent leg (Plivo's Dial action). A completed dial folds the talk time into
// the agent's and customer's stats and releases the agent in one transaction; a miss counts against the agent
// (missesBeforeAway in a row -> NOT_READY "Missed calls"), releases them, and asks the IVR to route again (at most maxFailovers more
// agents, then queue). The assignment row moves out of PENDING with a conditional update, so a retried webhook
// changes nothing the second time and gets the same answer.
import { z } from "zod";
import type { Db } from "../db/client";
import { direct, type SqlRunner } from "../db/direct";
import { sqlList } from "../db/sql";
import { agentStatus, markAgentsDirty } from "./agent-pool";
import { ASSIGNMENT, ENDED_CALL_STATUSES, MISS_OUTCOMES } from "./call-states";
import { type RoutingConfig, type RoutingOptions, resolveConfig } from "./config";
import { notify } from "./notify";
import { placeInLine } from "./queue";
import { releaseAgentFromCall, releaseCall } from "./release-call";
import { completeDialOnPostgres, missDialOnPostgres } from "./release-on-postgres";
import { requiredSkillFor } from "./skills";
import type { DialResult } from "./types";

const dialInput = z.object({
  callId: z.string().min(1),
  dialStatus: z.enum(["completed", "busy", "failed", "timeout", "no-answer", "cancel"]),
  talkSeconds: z.number().finite().min(0).transform(Math.round),
});

const MISS_FOR = { busy: ASSIGNMENT.busy, failed: ASSIGNMENT.failed, timeout: ASSIGNMENT.noAnswer, "no-answer": ASSIGNMENT.noAnswer };
// An assignment can still take its dial result after the hangup released it (Plivo does not order the callbacks).
const OPEN_OUTCOMES = [ASSIGNMENT.pending, ASSIGNMENT.released];

/**
 * Move an assignment out of PENDING/RELEASED to its dial outcome, once. A RELEASED one was already closed by the
 * hangup, which freed the agent: keep that endedAt, since the agent may have taken another call since then and the
 * dial result (arriving late) must not make the two assignments look like they overlapped.
 */
async function closeAssignment(tx: SqlRunner, id: string, outcome: string, now: Date): Promise<boolean> {
  // Raw SQL here and below: one of these runs per call (lib/db/sql.ts).
  const open = await tx.$executeRaw`
    UPDATE "AgentAssignment" SET "outcome" = ${outcome}, "endedAt" = ${now} WHERE "id" = ${id} AND "outcome" = ${ASSIGNMENT.pending}`;
  if (open > 0) return true;
  const released = await tx.$executeRaw`
    UPDATE "AgentAssignment" SET "outcome" = ${outcome} WHERE "id" = ${id} AND "outcome" = ${ASSIGNMENT.released}`;
  return released > 0;
}

export async function recordDialResult(
  db: Db,
  rawInput: {
    callId: string;
    dialStatus: string;
    talkSeconds: number;
    /** The call's latest assignment when the caller already read it in its own statement (#20; null: none). */
    known?: { lastAssignment: { id: string; agentId: string; outcome: string } | null };
  },
  opts: RoutingOptions = {},
): Promise<DialResult> {
  const { callId, dialStatus, talkSeconds } = dialInput.parse(rawInput);
  const cfg = resolveConfig(opts.config);
  const now = opts.now ?? new Date();

  // Read a moment ago it may be stale, which the closes below guard against: they change an assignment only while it
  // is still open, and a closed one is answered by replay(), which reads again.
  const [assignment] = rawInput.known
    ? rawInput.known.lastAssignment
      ? [rawInput.known.lastAssignment]
      : []
    : await direct(db).$queryRaw<Array<{ id: string; agentId: string; outcome: string }>>`
        SELECT "id", "agentId", "outcome" FROM "AgentAssignment" WHERE "callId" = ${callId}
        ORDER BY "assignedAt" DESC, "id" DESC LIMIT 1`;
  if (!assignment) return { next: "retry" }; // no agent was ever put on this call: route it
  if (!OPEN_OUTCOMES.includes(assignment.outcome as (typeof OPEN_OUTCOMES)[number])) {
    return replay(db, callId, cfg);
  }
  const { agentId } = assignment;

  if (dialStatus === "cancel") {
    // The caller hung up while the agent's phone rang: the caller left, the agent missed nothing. Release the
    // agent (assignment RELEASED, misses unchanged); the hangup callback closes the call itself.
    await releaseCall(db, { callId }, opts);
    return { next: "ended" };
  }

  // PostgreSQL: each outcome below as one statement (release-on-postgres.ts, issue #20); SQLite: a transaction.
  const postgres = (await direct(db).provider()) === "postgres";
  const closing = { assignmentId: assignment.id, agentId, callId, now, cfg };

  if (dialStatus === "completed") {
    // PostgreSQL's statement also says what the agent became, for the dashboards' signal (no read of its own).
    let agentStatusNow: string | null = null;
    const done = postgres
      ? await completeDialOnPostgres(db, { ...closing, talkSeconds }).then((r) => ((agentStatusNow = r.agentStatus), r.closed))
      : await direct(db).$transaction(async (tx) => {
      if (!(await closeAssignment(tx, assignment.id, ASSIGNMENT.answered, now))) return false;
      // Totals and the average in one statement (SET expressions read the row as it was: atomic per agent).
      await tx.$executeRaw`
        UPDATE "Agent" SET "totalCalls" = "totalCalls" + 1, "totalTalkSeconds" = "totalTalkSeconds" + ${talkSeconds},
          "avgCallDuration" = ("totalTalkSeconds" + ${talkSeconds}) * 1.0 / ("totalCalls" + 1), "consecutiveMisses" = 0,
          "updatedAt" = ${new Date()}
        WHERE "id" = ${agentId}`;
      await releaseAgentFromCall(tx, agentId, callId, now, { kind: "talked" }, cfg);
      const [call] = await tx.$queryRaw<Array<{ customerId: string | null }>>`
        UPDATE "Call" SET "agentTalkSeconds" = ${talkSeconds}, "updatedAt" = ${new Date()} WHERE "id" = ${callId} RETURNING "customerId"`;
      if (call?.customerId) {
        await tx.$executeRaw`
          UPDATE "Customer" SET "totalCalls" = "totalCalls" + 1, "totalTalkSeconds" = "totalTalkSeconds" + ${talkSeconds},
            "avgCallDuration" = ("totalTalkSeconds" + ${talkSeconds}) * 1.0 / ("totalCalls" + 1), "lastAgentId" = ${agentId},
            "updatedAt" = ${new Date()}
          WHERE "id" = ${call.customerId}`;
      }
      return true;
    });
    if (!done) return replay(db, callId, cfg);
    await afterAgentChange(db, opts, agentId, agentStatusNow);
    return { next: "feedback", agentId, talkSeconds };
  }

  let missStatusNow: string | null = null;
  const missed = postgres
    ? await missDialOnPostgres(db, { ...closing, outcome: MISS_FOR[dialStatus] }).then((r) => ((missStatusNow = r.agentStatus), r.closed))
    : await direct(db).$transaction(async (tx) => {
    if (!(await closeAssignment(tx, assignment.id, MISS_FOR[dialStatus], now))) return false;
    const [agent] = await tx.$queryRaw<Array<{ consecutiveMisses: number }>>`
      UPDATE "Agent" SET "consecutiveMisses" = "consecutiveMisses" + 1, "updatedAt" = ${new Date()} WHERE "id" = ${agentId}
      RETURNING "consecutiveMisses"`;
    const misses = agent?.consecutiveMisses ?? 0;
    await releaseAgentFromCall(tx, agentId, callId, now, { kind: "missed", consecutiveMisses: misses }, cfg);
    // The call no longer holds this agent; routing it again may pick another.
    await tx.$executeRaw`
      UPDATE "Call" SET "agentId" = NULL, "status" = ${"IN_IVR"}, "updatedAt" = ${new Date()}
      WHERE "id" = ${callId} AND "agentId" = ${agentId} AND "status" NOT IN (${sqlList(ENDED_CALL_STATUSES)})`;
    return true;
  });
  if (!missed) return replay(db, callId, cfg);
  await afterAgentChange(db, opts, agentId, missStatusNow);
  return nextAfterMiss(db, callId, cfg, now, opts);
}

/** `known`: the agent's status as the release statement returned it (PostgreSQL); else read after the response. */
async function afterAgentChange(db: Db, opts: RoutingOptions, agentId: string, known: string | null = null) {
  markAgentsDirty(db, [agentId]);
  notify(opts, [{ event: "agent.changed", agentId, status: known ?? (() => agentStatus(db, agentId)) }]);
}

/** After a miss: another agent, unless this call has already missed 1 + maxFailovers times; then it queues. */
async function nextAfterMiss(db: Db, callId: string, cfg: RoutingConfig, now: Date, opts: RoutingOptions): Promise<DialResult> {
  const misses = await db.agentAssignment.count({ where: { callId, outcome: { in: MISS_OUTCOMES } } });
  if (misses < 1 + cfg.maxFailovers) return { next: "retry" };
  // The same place in line and skill as assignAgent would give (#19 queue.ts): arrival moved earlier by priority.
  const call = await db.call.findUnique({ where: { id: callId }, select: { to: true, customer: { select: { priority: true } } } });
  const queued = await db.call.updateMany({
    where: { id: callId, agentId: null, endedAt: null, status: { notIn: [...ENDED_CALL_STATUSES, "QUEUED"] } },
    data: {
      status: "QUEUED",
      queuedAt: now,
      placeAt: placeInLine(now, call?.customer?.priority ?? 0, cfg.priorityBoostSeconds),
      requiredSkill: requiredSkillFor(call?.to, cfg.skillByNumber),
    },
  });
  if (queued.count > 0) notify(opts, [{ event: "queue.changed", callId, status: "queued" }]);
  return { next: "queue" };
}

/** The same answer a first delivery got, for a retried webhook. */
async function replay(db: Db, callId: string, cfg: RoutingConfig): Promise<DialResult> {
  // Re-read: a concurrent delivery may have closed the assignment after this one first looked.
  const assignment = await db.agentAssignment.findFirst({
    where: { callId },
    orderBy: [{ assignedAt: "desc" }, { id: "desc" }],
    select: { agentId: true, outcome: true },
  });
  if (!assignment) return { next: "retry" };
  if (assignment.outcome === ASSIGNMENT.released) return { next: "ended" };
  if (assignment.outcome === ASSIGNMENT.answered) {
    const call = await db.call.findUnique({ where: { id: callId }, select: { agentTalkSeconds: true } });
    return { next: "feedback", agentId: assignment.agentId, talkSeconds: call?.agentTalkSeconds ?? 0 };
  }
  const misses = await db.agentAssignment.count({ where: { callId, outcome: { in: MISS_OUTCOMES } } });
  return misses < 1 + cfg.maxFailovers ? { next: "retry" } : { next: "queue" };
}
