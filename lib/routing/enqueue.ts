// Putting a caller in the queue when no agent can take them, and answering with their place in line.
import { randomUUID } from "node:crypto";
import type { Db } from "../db/client";
import { direct } from "../db/direct";
import { Prisma, sqlList } from "../db/sql";
import type { CallStatus, RoutingOutcome } from "../generated/prisma/enums";
import { ENDED_CALL_STATUSES, waitedSecondsSince } from "./call-states";
import { withRetryableConflicts } from "./claim-agent";
import { type RoutingOptions, resolveConfig } from "./config";
import { currentCallAssignment } from "./current-assignment";
import { type CandidateRow, conditionalDecisionCtes, type DecisionRow, writeDecision, writeDecisionIn } from "./decision-record";
import { notify } from "./notify";
import { callersAhead } from "./queue";
import type { AssignResult } from "./types";

export async function enqueue(
  db: Db,
  input: {
    callId: string;
    languageCode: string;
    wasQueued: boolean;
    waitedSeconds: number;
    now: Date;
    /** Where the caller stands in line if they join now (queue.ts placeInLine: arrival moved earlier by priority). */
    placeAt: Date;
    skill: string | null;
    /** While waiting for their preferred agent (until this time) the caller does not hold up others (queue.ts). */
    preferredUntil?: Date | null;
    /** What the decision's line statement counted: callers ahead of the place `at` (queue.ts lineAndFloor). */
    counted: { at: Date; ahead: number };
  },
  opts: RoutingOptions,
  decision: DecisionInput,
): Promise<AssignResult> {
  const { callId, languageCode, now } = input;
  const sql = direct(db);
  let entered = 0;
  let call: QueuedCall | undefined;
  let decisionId: string;
  if ((await sql.provider()) === "postgres") {
    // Joining the queue, or a queue poll (the hold loop, every few seconds for minutes): one statement (below).
    ({ call, decisionId, entered } = await enqueueInOneStatement(db, input, decision));
  } else {
    decisionId = randomUUID();
    // A caller already queued cannot match this UPDATE (status QUEUED): sent only for one joining the queue, in one
    // transaction with its decision, so that a concurrent request that finds the call queued also finds the decision
    // (callAsItIsNow below). A newcomer that did not enter (routed or queued concurrently) records nothing.
    if (!input.wasQueued) {
      const notQueueable = [...ENDED_CALL_STATUSES, "QUEUED"];
      const row = decisionRow(decisionId, input, decision);
      entered = await sql.$transaction(async (tx) => {
        const n = await tx.$executeRaw`
          UPDATE "Call" SET "status" = ${"QUEUED"}, "queuedAt" = ${now}, "placeAt" = ${input.placeAt}, "requiredSkill" = ${input.skill},
            "preferredUntil" = ${input.preferredUntil ?? null}, "languageCode" = ${languageCode}, "updatedAt" = ${new Date()}
          WHERE "id" = ${callId} AND "agentId" IS NULL AND "endedAt" IS NULL AND "status" NOT IN (${sqlList(notQueueable)})`;
        if (n > 0) await writeDecisionIn(tx, row);
        return n;
      });
    }
    if (entered === 0 && input.preferredUntil) {
      // Already queued and now waiting for their preferred agent (who just became busy): stop holding up others.
      await sql.$executeRaw`
        UPDATE "Call" SET "preferredUntil" = ${input.preferredUntil} WHERE "id" = ${callId} AND "status" = ${"QUEUED"} AND "preferredUntil" IS NULL`;
    }
    // A queue poll that changes nothing (still queued, same outcome and same candidates as last time) writes no new
    // decision: a caller polling for minutes would otherwise add a decision and its candidates every few seconds.
    if (input.wasQueued) {
      const unchanged = await unchangedDecisionId(db, callId, decision);
      if (unchanged) decisionId = unchanged;
      else await writeDecision(db, decisionRow(decisionId, input, decision));
    }
    if (input.wasQueued || entered > 0) {
      [call] = await sql.$queryRaw<QueuedCall[]>`SELECT "status", "queuedAt", "placeAt" FROM "Call" WHERE "id" = ${callId}`;
    }
  }
  if (!input.wasQueued && entered === 0) {
    // A newcomer routed, queued or hung up by a concurrent request (another instance; one instance runs one decision
    // per call at a time, assign-agent.ts): the call as it is now (PostgreSQL's statement read it as of its start,
    // before the other request committed) and, if queued, the decision that queued it, answered as that request did.
    const current = await callAsItIsNow(db, callId);
    call = current;
    if (current?.lastDecisionId) decisionId = current.lastDecisionId;
  }
  if (call?.status !== "QUEUED" || !call.queuedAt) {
    // Routed or hung up concurrently: answer with what the call holds now.
    return (await currentCallAssignment(db, callId)) ?? { kind: "gave-up", waitedSeconds: input.waitedSeconds };
  }
  if (entered > 0) notify(opts, [{ event: "queue.changed", callId, status: "queued" }]);
  // The position: the decision already counted who is ahead of this place in line (a poller keeps theirs, a newcomer
  // takes the one it was counted at); counted again only if the call stands elsewhere now.
  const place = call.placeAt ?? call.queuedAt;
  const ahead =
    place.getTime() === input.counted.at.getTime()
      ? input.counted.ahead
      : await callersAhead(db, { callId, languageCode, at: place, skill: input.skill }, resolveConfig(opts.config), now);
  return {
    kind: "queued",
    position: ahead + 1,
    waitedSeconds: waitedSecondsSince(call.queuedAt, now),
    decisionId,
    ...(input.preferredUntil ? { waitingForPreferred: true as const } : {}),
  };
}

type DecisionInput = {
  outcome: RoutingOutcome;
  priority: number;
  reason?: string | null;
  candidateCount: number;
  considered: CandidateRow[];
  claimAttempts: number;
  micros: () => number;
};

type QueuedCall = { status: CallStatus; queuedAt: Date | null; placeAt: Date | null };

function decisionRow(id: string, input: { callId: string; languageCode: string; skill: string | null }, d: DecisionInput): DecisionRow {
  return {
    id,
    callId: input.callId,
    languageCode: input.languageCode,
    outcome: d.outcome,
    chosenAgentId: null,
    candidateCount: d.candidateCount,
    claimAttempts: d.claimAttempts,
    durationMicros: d.micros(),
    candidates: d.considered,
    requiredSkill: input.skill,
    priority: d.priority,
    reason: d.reason ?? null,
  };
}

/**
 * PostgreSQL: the queue step in one statement of data-modifying CTEs (one round trip instead of three or four, issue
 * #20). A caller joining the queue: the queue entry ("entered", conditional on the call being routable and not
 * queued, as on SQLite), the decision and its candidates, and the call's state. A caller already queued (a poll): no
 * queue entry (it cannot match a QUEUED call), the call's last decision compared with this one (outcome, candidate
 * count, reason and candidate agents in rank order: unchanged polls write nothing, see unchangedDecisionId) and the
 * decision written only if it differs. Either way the call's routedAt is stamped if it had none, and preferredUntil
 * set if a caller already queued now waits for their preferred agent, in one UPDATE that runs only when "entered"
 * did not touch the row (a row is updated at most once per statement). The call's state is read as of the
 * statement's start, so a caller who entered gets the values just written.
 */
async function enqueueInOneStatement(
  db: Db,
  input: {
    callId: string;
    languageCode: string;
    wasQueued: boolean;
    now: Date;
    placeAt: Date;
    skill: string | null;
    preferredUntil?: Date | null;
  },
  d: DecisionInput,
): Promise<{ call: QueuedCall | undefined; decisionId: string; entered: number }> {
  const { callId } = input;
  const row = decisionRow(randomUUID(), input, d);
  const createdAt = new Date();
  const at = (t: Date | null) => Prisma.sql`CAST(${t} AS TIMESTAMP(3))`;
  const agents = d.considered.map((c) => c.agentId).join(" ");
  const notQueueable = [...ENDED_CALL_STATUSES, "QUEUED"];
  const entering = input.wasQueued
    ? Prisma.empty
    : Prisma.sql`"entered" AS (
      UPDATE "Call" SET "status" = ${"QUEUED"}, "queuedAt" = ${at(input.now)}, "placeAt" = ${at(input.placeAt)},
        "requiredSkill" = CAST(${input.skill} AS TEXT), "preferredUntil" = ${at(input.preferredUntil ?? null)},
        "languageCode" = ${input.languageCode}, "updatedAt" = ${at(new Date())}, "routedAt" = COALESCE("routedAt", ${at(createdAt)})
      WHERE "id" = ${callId} AND "agentId" IS NULL AND "endedAt" IS NULL AND "status" NOT IN (${sqlList(notQueueable)})
      RETURNING "id"
    ), `;
  const untouched = input.wasQueued ? Prisma.empty : Prisma.sql`AND NOT EXISTS (SELECT 1 FROM "entered")`;
  // A poll writes its decision only if it differs from the last one; a caller joining the queue always does.
  const compare = input.wasQueued
    ? Prisma.sql`"last" AS (
      SELECT "id", "outcome", "candidateCount", "reason" FROM "RoutingDecision" WHERE "callId" = ${callId} ORDER BY "createdAt" DESC LIMIT 1
    ), "same" AS (
      SELECT l."id" FROM "last" l
      WHERE l."outcome" = ${d.outcome} AND l."candidateCount" = CAST(${d.candidateCount} AS INTEGER)
        AND l."reason" IS NOT DISTINCT FROM CAST(${d.reason ?? null} AS TEXT)
        AND COALESCE((SELECT string_agg(c."agentId", ' ' ORDER BY c."rank") FROM "RoutingCandidate" c WHERE c."decisionId" = l."id"), '')
          = CAST(${agents} AS TEXT)
    ), `
    : Prisma.empty;
  // A newcomer's decision is recorded only if it did put them in the queue: when a concurrent request routed (or
  // queued) the call first, this one answers with what the call holds and leaves no "queued" decision behind it.
  const writeWhen = input.wasQueued ? Prisma.sql`NOT EXISTS (SELECT 1 FROM "same")` : Prisma.sql`EXISTS (SELECT 1 FROM "entered")`;
  const sameId = input.wasQueued ? Prisma.sql`(SELECT "id" FROM "same")` : Prisma.sql`CAST(NULL AS TEXT)`;
  const entered = input.wasQueued ? Prisma.sql`0` : Prisma.sql`(SELECT COUNT(*) FROM "entered")`;
  const pref = input.preferredUntil
    ? {
        set: Prisma.sql`, "preferredUntil" = CASE WHEN "status" = ${"QUEUED"} AND "preferredUntil" IS NULL THEN ${at(input.preferredUntil)} ELSE "preferredUntil" END`,
        when: Prisma.sql`OR ("status" = ${"QUEUED"} AND "preferredUntil" IS NULL)`,
      }
    : { set: Prisma.empty, when: Prisma.empty };
  // Like writeDecision's, this statement can meet a concurrent claim of the same call in a deadlock; it is rerun.
  const [result] = await withRetryableConflicts(() => direct(db).$queryRaw<Array<QueuedCall & { sameId: string | null; entered: bigint | number }>>`
    WITH ${entering}${compare}${conditionalDecisionCtes(row, createdAt, writeWhen)}, "touched" AS (
      UPDATE "Call" SET "routedAt" = COALESCE("routedAt", CASE WHEN EXISTS (SELECT 1 FROM "decided") THEN ${at(createdAt)} END) ${pref.set}
      WHERE "id" = ${callId} ${untouched} AND (("routedAt" IS NULL AND EXISTS (SELECT 1 FROM "decided")) ${pref.when})
    )
    SELECT c."status", c."queuedAt", c."placeAt", ${sameId} AS "sameId", ${entered} AS "entered" FROM "Call" c WHERE c."id" = ${callId}`);
  if (!result) return { call: undefined, decisionId: row.id, entered: 0 };
  const enteredNow = Number(result.entered);
  // Read as of the statement's start: a caller who just entered stands where "entered" put them.
  const call: QueuedCall = enteredNow > 0 ? { status: "QUEUED", queuedAt: input.now, placeAt: input.placeAt } : result;
  return { call, decisionId: result.sameId ?? row.id, entered: enteredNow };
}

async function callAsItIsNow(db: Db, callId: string): Promise<(QueuedCall & { lastDecisionId: string | null }) | undefined> {
  const [row] = await direct(db).$queryRaw<Array<QueuedCall & { lastDecisionId: string | null }>>`
    SELECT c."status", c."queuedAt", c."placeAt",
      (SELECT d."id" FROM "RoutingDecision" d WHERE d."callId" = c."id" ORDER BY d."createdAt" DESC LIMIT 1) AS "lastDecisionId"
    FROM "Call" c WHERE c."id" = ${callId}`;
  return row;
}

/** The call's latest decision id when it says what this one would (outcome, count and candidate agents in order).
 * One read: the decision with its candidates joined (a row per candidate, one with a NULL agent when it had none). */
async function unchangedDecisionId(
  db: Db,
  callId: string,
  d: { outcome: RoutingOutcome; candidateCount: number; considered: CandidateRow[]; reason?: string | null },
) {
  const rows = await direct(db).$queryRaw<
    Array<{ id: string; outcome: RoutingOutcome; candidateCount: number; reason: string | null; agentId: string | null }>
  >`
    SELECT d."id", d."outcome", d."candidateCount", d."reason", c."agentId"
    FROM (SELECT "id", "outcome", "candidateCount", "reason" FROM "RoutingDecision" WHERE "callId" = ${callId} ORDER BY "createdAt" DESC LIMIT 1) d
    LEFT JOIN "RoutingCandidate" c ON c."decisionId" = d."id"
    ORDER BY c."rank"`;
  const last = rows[0];
  if (!last || last.outcome !== d.outcome || Number(last.candidateCount) !== d.candidateCount) return null;
  if ((last.reason ?? null) !== (d.reason ?? null)) return null;
  const agents = rows.filter((r) => r.agentId !== null);
  const same = agents.length === d.considered.length && agents.every((r, i) => r.agentId === d.considered[i]!.agentId);
  return same ? last.id : null;
}
