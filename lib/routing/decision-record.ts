// The routing decision record ("why this agent"): the decision row and its top candidates with their score terms.
// Written right after the claim commits (outside it: candidate rows reference other agents, see claim-agent.ts), by
// routing itself, or on PostgreSQL by the IVR's move to the agent step when routing was asked to hold it
// (RoutingOptions.holdDecision; lib/ivr/call-store.ts moveCall, with conditionalDecisionCtes below).
import type { Db } from "../db/client";
import { direct, type SqlRunner } from "../db/direct";
import { withRetryableConflicts } from "./claim-agent";
import { Prisma } from "../db/sql";
import type { RoutingCandidate, RoutingDecision } from "../generated/prisma/client";
import type { Candidate } from "./score";

/** A RoutingCandidate row before it has its decision (and database id). */
export type CandidateRow = Omit<RoutingCandidate, "id" | "decisionId">;

export function candidateRows(considered: Candidate[], chosen: Candidate | null, k: number): CandidateRow[] {
  const seen = new Set<string>();
  const list: Candidate[] = [];
  for (const c of considered) {
    if (seen.has(c.agentId)) continue;
    seen.add(c.agentId);
    list.push(c);
  }
  const top = list.slice(0, k);
  if (chosen && !top.some((c) => c.agentId === chosen.agentId)) top.push(chosen);
  return top.map((c, i) => ({
    agentId: c.agentId,
    rank: i + 1,
    score: c.terms.score,
    recentCalls: c.terms.recentCalls,
    avgDuration: c.terms.avgDurationSeconds,
    avgRating: c.terms.avgRating,
    ratingCount: c.terms.ratingCount,
    claimed: chosen?.agentId === c.agentId,
    exploration: c.terms.exploration ?? 0,
    proficiency: c.terms.proficiency ?? null,
    skillPoints: c.terms.skillPoints ?? 0,
  }));
}

/** A RoutingDecision row as written (createdAt is stamped on write), with its candidate rows. */
export type DecisionRow = Omit<RoutingDecision, "createdAt" | "requiredSkill" | "priority" | "reason"> &
  Partial<Pick<RoutingDecision, "requiredSkill" | "priority" | "reason">> & { candidates: CandidateRow[] };

/** Why a decision left the plain score (#19), shown in "why this agent". */
export const DECISION_REASONS = { preferred: "preferred agent", waitingForPreferred: "waiting for preferred agent" } as const;

/** The three statements that record a decision (the decision, the call's routedAt, the candidates if any). */
function decisionStatements(d: DecisionRow) {
  const createdAt = new Date();
  const decision = Prisma.sql`
    INSERT INTO "RoutingDecision" ("id", "callId", "languageCode", "outcome", "chosenAgentId", "candidateCount", "claimAttempts", "durationMicros", "createdAt", "requiredSkill", "priority", "reason")
    VALUES (${d.id}, ${d.callId}, ${d.languageCode}, ${d.outcome}, ${d.chosenAgentId}, ${d.candidateCount}, ${d.claimAttempts}, ${d.durationMicros}, ${createdAt}, ${d.requiredSkill ?? null}, ${d.priority ?? 0}, ${d.reason ?? null})`;
  // When waiting for an agent began, kept on the call for analytics once decisions are pruned (lib/retention).
  const routed = Prisma.sql`UPDATE "Call" SET "routedAt" = ${createdAt} WHERE "id" = ${d.callId} AND "routedAt" IS NULL`;
  const values = d.candidates.map(
    (c) => Prisma.sql`(${d.id}, ${c.agentId}, ${c.rank}, ${c.score}, ${c.recentCalls}, ${c.avgDuration}, ${c.avgRating}, ${c.ratingCount}, ${c.claimed}, ${c.exploration}, ${c.proficiency}, ${c.skillPoints})`,
  );
  const candidates =
    values.length === 0
      ? null
      : Prisma.sql`
    INSERT INTO "RoutingCandidate" ("decisionId", "agentId", "rank", "score", "recentCalls", "avgDuration", "avgRating", "ratingCount", "claimed", "exploration", "proficiency", "skillPoints")
    VALUES ${Prisma.join(values)}`;
  return { decision, routed, candidates };
}

/** SQLite: the decision's statements inside the caller's transaction (enqueue.ts: with the queue entry). */
export async function writeDecisionIn(tx: SqlRunner, d: DecisionRow): Promise<void> {
  const { decision, routed, candidates } = decisionStatements(d);
  await tx.$executeRaw(decision);
  await tx.$executeRaw(routed);
  if (candidates) await tx.$executeRaw(candidates);
}

/**
 * The decision, the call's routedAt and the top candidates. PostgreSQL: one statement (data-modifying CTEs; the
 * candidates' foreign key to the decision is checked at the statement's end, when the decision row exists), one
 * round trip instead of five (BEGIN, three statements, COMMIT) on a database across a network (issue #20). SQLite
 * (no writes inside WITH, and no network): one transaction of the same three statements.
 */
export async function writeDecision(db: Db, d: DecisionRow): Promise<void> {
  const { decision, routed, candidates } = decisionStatements(d);
  const sql = direct(db);
  if ((await sql.provider()) === "postgres") {
    // Every data-modifying CTE runs whether or not the main statement reads it. It locks the call row, then takes
    // KEY SHARE on the candidates' agents: a concurrent claim of the same call that holds one of them FOR UPDATE
    // and waits for the call row is a deadlock PostgreSQL breaks by aborting one side. The statement is whole or
    // nothing, so it is rerun (the claim side reruns too, and finds the call routed).
    await withRetryableConflicts(() => sql.$executeRaw`WITH "decided" AS (${decision}), "routed" AS (${routed}) ${candidates ?? Prisma.sql`SELECT 1`}`);
    return;
  }
  await sql.$transaction((tx) => writeDecisionIn(tx, d));
}

/**
 * PostgreSQL, for a statement that decides in the database whether to write the decision: CTEs "decided" (the
 * decision row, inserted only when `when` holds; RETURNING its id) and "candidateRows" (its candidates, inserted
 * only with it). Every value is cast, as rows of a VALUES list in FROM get no type from the target columns. The
 * caller stamps the call's routedAt itself (one UPDATE per row per statement) and must declare WITH before these.
 */
export function conditionalDecisionCtes(d: DecisionRow, createdAt: Date, when: Prisma.Sql): Prisma.Sql {
  const decided = Prisma.sql`"decided" AS (
    INSERT INTO "RoutingDecision" ("id", "callId", "languageCode", "outcome", "chosenAgentId", "candidateCount", "claimAttempts", "durationMicros", "createdAt", "requiredSkill", "priority", "reason")
    SELECT ${d.id}, ${d.callId}, ${d.languageCode}, ${d.outcome}, CAST(${d.chosenAgentId} AS TEXT), CAST(${d.candidateCount} AS INTEGER),
      CAST(${d.claimAttempts} AS INTEGER), CAST(${d.durationMicros} AS INTEGER), CAST(${createdAt} AS TIMESTAMP(3)),
      CAST(${d.requiredSkill ?? null} AS TEXT), CAST(${d.priority ?? 0} AS INTEGER), CAST(${d.reason ?? null} AS TEXT)
    WHERE ${when}
    RETURNING "id")`;
  if (d.candidates.length === 0) return decided;
  const values = d.candidates.map(
    (c) => Prisma.sql`(CAST(${c.agentId} AS TEXT), CAST(${c.rank} AS INTEGER), CAST(${c.score} AS DOUBLE PRECISION),
      CAST(${c.recentCalls} AS INTEGER), CAST(${c.avgDuration} AS DOUBLE PRECISION), CAST(${c.avgRating} AS DOUBLE PRECISION),
      CAST(${c.ratingCount} AS INTEGER), CAST(${c.claimed} AS BOOLEAN), CAST(${c.exploration} AS DOUBLE PRECISION),
      CAST(${c.proficiency} AS INTEGER), CAST(${c.skillPoints} AS DOUBLE PRECISION))`,
  );
  return Prisma.sql`${decided}, "candidateRows" AS (
    INSERT INTO "RoutingCandidate" ("decisionId", "agentId", "rank", "score", "recentCalls", "avgDuration", "avgRating", "ratingCount", "claimed", "exploration", "proficiency", "skillPoints")
    SELECT d."id", v.* FROM "decided" d CROSS JOIN (VALUES ${Prisma.join(values)})
      AS v ("agentId", "rank", "score", "recentCalls", "avgDuration", "avgRating", "ratingCount", "claimed", "exploration", "proficiency", "skillPoints"))`;
}
