// PostgreSQL: giving an agent back after a call as part of ONE statement of data-modifying CTEs (issue #20), where
// SQLite runs endAgentCall (lib/agent-state/after-call.ts) inside a transaction. Same rules as endAgentCall: only an
// agent still BUSY on this very call moves (to wrap-up, not-ready after repeated misses, or available) and gets a
// history row; one a supervisor moved mid-call keeps their state and just drops the call.
//
// Lock order as everywhere else (claim-agent.ts, the SQLite transactions): the agent row first. The "agent" CTE takes
// it FOR UPDATE; every other part of the statement waits on it through a filter that reads "agent" (or a CTE that
// does), then touches the assignment, the call and the customer. An UPDATE may touch a row once per statement, so
// the caller's own changes to the agent row (talk totals, the miss count) go into the same UPDATE (`agentSet`).
import type { AgentStatus } from "../generated/prisma/enums";
import { nextStateAfterCall, type AfterCallConfig } from "../agent-state/after-call";
import { MISSED_CALLS_REASON } from "../agent-state/states";
import type { Db } from "../db/client";
import { direct } from "../db/direct";
import { Prisma, sqlList } from "../db/sql";
import { ASSIGNMENT, ENDED_CALL_STATUSES } from "./call-states";

export type ReleaseKind = "talked" | "missed" | "unanswered";

/**
 * The CTEs "agent" (locked; `holds`: still BUSY on this call; `misses`: the miss count after this call), "next" (the
 * state they move to), "released" (the agent UPDATE, only when `gate` holds; `a` is the row, `n` its "next") and
 * "history" (when they moved). `gate` may read other CTEs (e.g. `EXISTS (SELECT 1 FROM "closed")`, placed by the
 * caller between the two parts).
 * Returns the CTE text up to and including "next", and the part after the caller's own CTEs.
 */
export function releaseAgentCtes(p: {
  agentId: string;
  callId: string;
  kind: ReleaseKind;
  now: Date;
  cfg: AfterCallConfig;
  agentSet?: Prisma.Sql;
  gate: Prisma.Sql;
}): { head: Prisma.Sql; tail: Prisma.Sql } {
  const { agentId, callId, kind, now, cfg } = p;
  const at = Prisma.sql`CAST(${now} AS TIMESTAMP(3))`;
  const status = (s: AgentStatus) => Prisma.sql`CAST(${s} AS "AgentStatus")`;
  let next: Prisma.Sql;
  if (kind === "missed") {
    // nextStateAfterCall for a miss, with the count the statement itself reaches (the row's count + 1).
    next = Prisma.sql`
      CASE WHEN g."misses" >= ${cfg.missesBeforeAway} THEN ${status("NOT_READY")} ELSE ${status("AVAILABLE")} END AS "to",
      CASE WHEN g."misses" >= ${cfg.missesBeforeAway} THEN CAST(${MISSED_CALLS_REASON} AS TEXT) END AS "reason",
      CAST(NULL AS TIMESTAMP(3)) AS "until"`;
  } else {
    const n = nextStateAfterCall({ kind }, cfg, now);
    next = Prisma.sql`${status(n.status)} AS "to", CAST(${n.reason} AS TEXT) AS "reason", CAST(${n.wrapUpUntil} AS TIMESTAMP(3)) AS "until"`;
  }
  const head = Prisma.sql`
    "agent" AS (
      SELECT "id", ("currentCallId" = ${callId} AND "status" = ${"BUSY"}) AS "holds",
        "consecutiveMisses" + ${kind === "missed" ? 1 : 0} AS "misses"
      FROM "Agent" WHERE "id" = ${agentId} FOR UPDATE
    ), "next" AS (
      SELECT g."id", COALESCE(g."holds", FALSE) AS "holds", ${next} FROM "agent" g
    )`;
  const moved = (value: Prisma.Sql, column: string) =>
    Prisma.sql`CASE WHEN n."holds" THEN ${value} ELSE a.${Prisma.raw(`"${column}"`)} END`;
  const tail = Prisma.sql`
    "released" AS (
      UPDATE "Agent" a SET ${p.agentSet ? Prisma.sql`${p.agentSet},` : Prisma.empty}
        "status" = ${moved(Prisma.sql`n."to"`, "status")},
        "currentCallId" = CASE WHEN a."currentCallId" = ${callId} THEN NULL ELSE a."currentCallId" END,
        "idleSince" = ${moved(at, "idleSince")}, "stateSince" = ${moved(at, "stateSince")},
        "notReadyReason" = ${moved(Prisma.sql`n."reason"`, "notReadyReason")}, "wrapUpUntil" = ${moved(Prisma.sql`n."until"`, "wrapUpUntil")},
        "wrapUpCallId" = ${moved(Prisma.sql`CAST(${kind === "talked" ? callId : null} AS TEXT)`, "wrapUpCallId")},
        "wrapUpExtended" = ${moved(Prisma.sql`FALSE`, "wrapUpExtended")}, "updatedAt" = ${new Date()}
      FROM "next" n WHERE a."id" = n."id" AND ${p.gate}
      RETURNING n."id", n."holds", n."to", n."reason", n."until", CAST(a."status" AS TEXT) AS "status"
    ), "history" AS (
      INSERT INTO "AgentStateChange" ("agentId", "fromStatus", "toStatus", "reason", "actor", "callId", "until", "at")
      SELECT r."id", ${"BUSY"}, CAST(r."to" AS TEXT), r."reason", ${"system"}, ${callId}, r."until", ${at}
      FROM "released" r WHERE r."holds"
    )`;
  return { head, tail };
}

/** A filter with no effect but to make its part of the statement run after the agent row is locked. */
const AFTER_AGENT_LOCK = Prisma.sql`(SELECT COUNT(*) FROM "next") >= 0`;

/** Closes the assignment once (PENDING or RELEASED -> outcome; a RELEASED one keeps the hangup's endedAt: closeAssignment). */
function closeAssignmentCte(assignmentId: string, outcome: string, now: Date): Prisma.Sql {
  return Prisma.sql`"closed" AS (
      UPDATE "AgentAssignment" SET "outcome" = ${outcome},
        "endedAt" = CASE WHEN "outcome" = ${ASSIGNMENT.pending} THEN CAST(${now} AS TIMESTAMP(3)) ELSE "endedAt" END
      WHERE "id" = ${assignmentId} AND "outcome" IN (${ASSIGNMENT.pending}, ${ASSIGNMENT.released}) AND ${AFTER_AGENT_LOCK}
      RETURNING "id"
    )`;
}

const CLOSED = Prisma.sql`EXISTS (SELECT 1 FROM "closed")`;

type DialClose = { assignmentId: string; agentId: string; callId: string; now: Date; cfg: AfterCallConfig };

/**
 * recordDialResult's completed dial on PostgreSQL: assignment ANSWERED, the agent's talk totals and release, the
 * call's talk time and the customer's totals, one round trip instead of eight or nine. Nothing changes unless the
 * assignment was still open (a retried webhook). True when it was.
 */
/** What a release statement did: whether it closed the assignment, and the agent's status after it (null: unchanged
 * row not returned), so the dashboards' signal needs no read of its own. */
export type DialClosed = { closed: boolean; agentStatus: string | null };

export async function completeDialOnPostgres(db: Db, d: DialClose & { talkSeconds: number }): Promise<DialClosed> {
  const { talkSeconds } = d;
  const { head, tail } = releaseAgentCtes({
    ...d,
    kind: "talked",
    gate: CLOSED,
    agentSet: Prisma.sql`"totalCalls" = a."totalCalls" + 1, "totalTalkSeconds" = a."totalTalkSeconds" + ${talkSeconds},
      "avgCallDuration" = (a."totalTalkSeconds" + ${talkSeconds}) * 1.0 / (a."totalCalls" + 1), "consecutiveMisses" = 0`,
  });
  const [row] = await direct(db).$queryRaw<Array<{ closed: bigint | number; agentStatus: string | null }>>`
    WITH ${head}, ${closeAssignmentCte(d.assignmentId, ASSIGNMENT.answered, d.now)}, ${tail}, "call" AS (
      UPDATE "Call" SET "agentTalkSeconds" = ${talkSeconds}, "updatedAt" = ${new Date()} WHERE "id" = ${d.callId} AND ${CLOSED}
      RETURNING "customerId"
    ), "customer" AS (
      UPDATE "Customer" u SET "totalCalls" = u."totalCalls" + 1, "totalTalkSeconds" = u."totalTalkSeconds" + ${talkSeconds},
        "avgCallDuration" = (u."totalTalkSeconds" + ${talkSeconds}) * 1.0 / (u."totalCalls" + 1), "lastAgentId" = ${d.agentId},
        "updatedAt" = ${new Date()}
      FROM "call" c WHERE u."id" = c."customerId"
    )
    SELECT (SELECT COUNT(*) FROM "closed") AS "closed", (SELECT "status" FROM "released") AS "agentStatus"`;
  return { closed: Number(row?.closed ?? 0) > 0, agentStatus: row?.agentStatus ?? null };
}

/**
 * A missed dial on PostgreSQL: assignment closed as the miss, the agent's miss count + 1 and release (not-ready at
 * missesBeforeAway in a row), the call freed to be routed again, in one round trip instead of eight or nine.
 */
export async function missDialOnPostgres(db: Db, d: DialClose & { outcome: string }): Promise<DialClosed> {
  const { head, tail } = releaseAgentCtes({
    ...d,
    kind: "missed",
    gate: CLOSED,
    agentSet: Prisma.sql`"consecutiveMisses" = a."consecutiveMisses" + 1`,
  });
  const [row] = await direct(db).$queryRaw<Array<{ closed: bigint | number; agentStatus: string | null }>>`
    WITH ${head}, ${closeAssignmentCte(d.assignmentId, d.outcome, d.now)}, ${tail}, "freed" AS (
      UPDATE "Call" SET "agentId" = NULL, "status" = ${"IN_IVR"}, "updatedAt" = ${new Date()}
      WHERE "id" = ${d.callId} AND "agentId" = ${d.agentId} AND "status" NOT IN (${sqlList(ENDED_CALL_STATUSES)}) AND ${CLOSED}
    )
    SELECT (SELECT COUNT(*) FROM "closed") AS "closed", (SELECT "status" FROM "released") AS "agentStatus"`;
  return { closed: Number(row?.closed ?? 0) > 0, agentStatus: row?.agentStatus ?? null };
}

/**
 * releaseCall on PostgreSQL when an agent still holds the call: the agent's release, the pending assignment RELEASED
 * and a queued call ABANDONED in one round trip instead of six or seven. Returns whether the agent moved out of BUSY
 * and whether the call left the queue, and the agent's status after it (null when the statement left the row alone).
 */
export async function releaseHeldCallOnPostgres(
  db: Db,
  r: { agentId: string; callId: string; talked: boolean; now: Date; cfg: AfterCallConfig },
): Promise<[boolean, boolean, string | null]> {
  const { callId, now } = r;
  const gate = Prisma.sql`(n."holds" OR a."currentCallId" = ${callId})`; // else the agent has nothing to give back
  const { head, tail } = releaseAgentCtes({ ...r, kind: r.talked ? "talked" : "unanswered", gate });
  const [row] = await direct(db).$queryRaw<Array<{ moved: bigint | number; left: bigint | number; agentStatus: string | null }>>`
    WITH ${head}, ${tail}, "closed" AS (
      UPDATE "AgentAssignment" SET "outcome" = ${ASSIGNMENT.released}, "endedAt" = ${now}
      WHERE "callId" = ${callId} AND "outcome" = ${ASSIGNMENT.pending} AND ${AFTER_AGENT_LOCK}
    ), "left" AS (
      UPDATE "Call" SET "status" = ${"ABANDONED"}, "updatedAt" = ${new Date()}
      WHERE "id" = ${callId} AND "status" = ${"QUEUED"} AND ${AFTER_AGENT_LOCK}
      RETURNING 1
    )
    SELECT (SELECT COUNT(*) FROM "released" WHERE "holds") AS "moved", (SELECT COUNT(*) FROM "left") AS "left",
      (SELECT "status" FROM "released") AS "agentStatus"`;
  return [Number(row?.moved ?? 0) > 0, Number(row?.left ?? 0) > 0, row?.agentStatus ?? null];
}
