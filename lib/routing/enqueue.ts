// Putting a caller in the queue when no agent can take them, and answering with their place in line.
import { randomUUID } from "node:crypto";
import type { Db } from "../db/client";
import { direct } from "../db/direct";
import { sqlList } from "../db/sql";
import type { CallStatus, RoutingOutcome } from "../generated/prisma/enums";
import { ENDED_CALL_STATUSES, waitedSecondsSince } from "./call-states";
import { type RoutingOptions, resolveConfig } from "./config";
import { currentCallAssignment } from "./current-assignment";
import { type CandidateRow, writeDecision } from "./decision-record";
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
  },
  opts: RoutingOptions,
  decision: {
    outcome: RoutingOutcome;
    priority: number;
    reason?: string | null;
    candidateCount: number;
    considered: CandidateRow[];
    claimAttempts: number;
    micros: () => number;
  },
): Promise<AssignResult> {
  const { callId, languageCode, now } = input;
  const notQueueable = [...ENDED_CALL_STATUSES, "QUEUED"];
  const entered = await direct(db).$executeRaw`
    UPDATE "Call" SET "status" = ${"QUEUED"}, "queuedAt" = ${now}, "placeAt" = ${input.placeAt}, "requiredSkill" = ${input.skill},
      "preferredUntil" = ${input.preferredUntil ?? null}, "languageCode" = ${languageCode}, "updatedAt" = ${new Date()}
    WHERE "id" = ${callId} AND "agentId" IS NULL AND "endedAt" IS NULL AND "status" NOT IN (${sqlList(notQueueable)})`;
  if (entered === 0 && input.preferredUntil) {
    // Already queued and now waiting for their preferred agent (who just became busy): stop holding up others.
    await direct(db).$executeRaw`
      UPDATE "Call" SET "preferredUntil" = ${input.preferredUntil} WHERE "id" = ${callId} AND "status" = ${"QUEUED"} AND "preferredUntil" IS NULL`;
  }
  // A queue poll that changes nothing (still queued, same outcome and same candidates as last time) writes no new
  // decision: a caller polling for minutes would otherwise add a decision and its candidates every few seconds.
  const unchanged = entered === 0 && input.wasQueued ? await unchangedDecisionId(db, callId, decision) : null;
  const decisionId = unchanged ?? randomUUID();
  if (!unchanged) {
    await writeDecision(db, {
      id: decisionId,
      callId,
      languageCode,
      outcome: decision.outcome,
      chosenAgentId: null,
      candidateCount: decision.candidateCount,
      claimAttempts: decision.claimAttempts,
      durationMicros: decision.micros(),
      candidates: decision.considered,
      requiredSkill: input.skill,
      priority: decision.priority,
      reason: decision.reason ?? null,
    });
  }
  const [call] = await direct(db).$queryRaw<Array<{ status: CallStatus; queuedAt: Date | null; placeAt: Date | null }>>`
    SELECT "status", "queuedAt", "placeAt" FROM "Call" WHERE "id" = ${callId}`;
  if (call?.status !== "QUEUED" || !call.queuedAt) {
    // Routed or hung up concurrently: answer with what the call holds now.
    return (await currentCallAssignment(db, callId)) ?? { kind: "gave-up", waitedSeconds: input.waitedSeconds };
  }
  if (entered > 0) notify(opts, [{ event: "queue.changed", callId, status: "queued" }]);
  const cfg = resolveConfig(opts.config);
  const ahead = await callersAhead(db, { callId, languageCode, at: call.placeAt ?? call.queuedAt, skill: input.skill }, cfg, now);
  return {
    kind: "queued",
    position: ahead + 1,
    waitedSeconds: waitedSecondsSince(call.queuedAt, now),
    decisionId,
    ...(input.preferredUntil ? { waitingForPreferred: true as const } : {}),
  };
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
