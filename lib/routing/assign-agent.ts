// assignAgent: route (or re-route from the queue) a call to the best available agent of its language.
//
// 1. A call that already holds an agent gets the same answer again (idempotent per call).
// 2. A caller that waited past maxQueueWaitSeconds leaves the queue: "gave-up".
// 3. First come, first served: if a live caller of the same language has waited longer, this one queues behind.
// 4. Pop the per-language heap (skipping agents already tried on this call) and claim atomically in the database:
//    updateMany where {id, status AVAILABLE} -> BUSY. A lost claim drops that agent and pops the next one.
// 5. Nothing claimable: the caller is queued (Call.status QUEUED, queuedAt). Every decision is recorded.
import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Db } from "../db/client";
import { direct, SqlError } from "../db/direct";
import { isUniqueViolation, Prisma, sortableId, sqlList } from "../db/sql";
import type { RoutingCandidate, RoutingDecision } from "../generated/prisma/client";
import type { CallStatus, RoutingOutcome } from "../generated/prisma/enums";
import { dropAgent, getPool, type LanguagePool } from "./agent-pool";
import { ENDED_CALL_STATUSES, waitedSecondsSince } from "./call-states";
import { type RoutingOptions, resolveConfig } from "./config";
import { notify } from "./notify";
import { callersAhead } from "./queue";
import type { Candidate } from "./score";
import type { AssignResult } from "./types";

const assignInput = z.object({ callId: z.string().min(1), languageCode: z.string().min(1) });

export class RoutingError extends Error {
  override name = "RoutingError";
}

/** Raised inside the claim transaction to roll back the agent claim when another request already routed the call. */
class CallAlreadyRouted extends Error {}

const DECISION_WAIT_STEPS = 25;
const DECISION_WAIT_STEP_MS = 20;

/** PostgreSQL may still abort a claim as a deadlock or serialization failure under load: those are safe to rerun. */
function isRetryableConflict(err: unknown): boolean {
  if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2034") return true;
  if (err instanceof SqlError && (err.kind === "TransactionWriteConflict" || err.code === "40P01" || err.code === "40001")) return true;
  const text = err instanceof Error ? `${err.message} ${String((err as { cause?: unknown }).cause ?? "")}` : String(err);
  return /deadlock detected|could not serialize access|40P01|40001/i.test(text);
}

async function withRetryableConflicts<T>(run: () => Promise<T>, attempts = 4): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await run();
    } catch (err) {
      if (i >= attempts || !isRetryableConflict(err)) throw err;
      await new Promise((r) => setTimeout(r, 5 * i + Math.random() * 10));
    }
  }
}

export async function assignAgent(
  db: Db,
  rawInput: { callId: string; languageCode: string },
  opts: RoutingOptions = {},
): Promise<AssignResult> {
  const started = performance.now();
  const startedEpoch = Date.now();
  const { callId, languageCode } = assignInput.parse(rawInput);
  const cfg = resolveConfig(opts.config);
  const now = opts.now ?? new Date();
  const micros = () => Math.round((performance.now() - started) * 1000);

  // Raw SQL on the decision path (lib/db/sql.ts: ORM queries cost 4-5x more CPU to plan than to run here).
  const [call] = await direct(db).$queryRaw<Array<{ status: CallStatus; agentId: string | null; queuedAt: Date | null; endedAt: Date | null }>>`
    SELECT "status", "agentId", "queuedAt", "endedAt" FROM "Call" WHERE "id" = ${callId}`;
  if (!call) throw new RoutingError(`call ${callId} does not exist`);
  const waitedSeconds = call.status === "QUEUED" ? waitedSecondsSince(call.queuedAt, now) : 0;
  if (ENDED_CALL_STATUSES.includes(call.status) || call.endedAt) return { kind: "gave-up", waitedSeconds };
  if (call.agentId) {
    const existing = await currentAssignment(db, callId, call.agentId);
    if (existing) return existing;
  }

  if (call.status === "QUEUED" && waitedSeconds >= cfg.maxQueueWaitSeconds) {
    // Every write goes through a transaction: the SQLite adapter shares one connection, and only transactions
    // are serialized, so a bare write could otherwise land inside (and roll back with) a concurrent one.
    const [left] = await db.$transaction([
      db.call.updateMany({ where: { id: callId, status: "QUEUED" }, data: { status: "IN_IVR" } }),
    ]);
    if (left.count > 0) notify(opts, [{ event: "queue.changed", callId, status: "gave-up" }]);
    return { kind: "gave-up", waitedSeconds };
  }

  // A caller's place in line is their queuedAt while queued; a newcomer's is now (behind everyone waiting).
  const placeInLine = call.status === "QUEUED" && call.queuedAt ? call.queuedAt : now;
  const ahead = await callersAhead(db, { callId, languageCode, at: placeInLine }, cfg, now);
  if (ahead > 0) {
    return enqueue(db, { callId, languageCode, wasQueued: call.status === "QUEUED", waitedSeconds, now }, opts, {
      outcome: "QUEUED",
      candidateCount: 0,
      considered: [],
      claimAttempts: 0,
      micros,
    });
  }

  const triedRows = await direct(db).$queryRaw<Array<{ agentId: string }>>`SELECT "agentId" FROM "AgentAssignment" WHERE "callId" = ${callId}`;
  const tried = new Set(triedRows.map((a) => a.agentId));

  let pool = await getPool(db, languageCode, cfg, now);
  let refreshed = pool.builtAt >= startedEpoch;
  let considered = topCandidates(pool, tried, cfg.decisionCandidates);
  let candidateCount = pool.heap.size;
  let claimAttempts = 0;
  const lost: Candidate[] = [];

  for (;;) {
    const candidate = takeBest(pool, tried);
    if (!candidate) {
      if (refreshed) break;
      // Before telling a caller to wait, make sure the cache did not just miss an agent freed elsewhere.
      pool = await getPool(db, languageCode, cfg, now, startedEpoch);
      refreshed = true;
      considered = topCandidates(pool, tried, cfg.decisionCandidates);
      candidateCount = pool.heap.size;
      continue;
    }
    claimAttempts++;
    const rows = candidateRows([...considered, ...lost], candidate, cfg.decisionCandidates);
    try {
      // The claim touches only this agent's and this call's rows (FKs included), so two claims can never lock in
      // opposite orders; the decision rows, which reference other agents, are written after it commits.
      const claimed = await withRetryableConflicts(() =>
        direct(db).$transaction(async (tx) => {
          // Stamped once the transaction holds the write lock, not when the decision began: the agent's previous
          // call may have ended (and been stamped) while this request waited, and assignments must not overlap.
          const claimedAt = opts.now ?? new Date();
          const agent = await tx.$executeRaw`
            UPDATE "Agent" SET "status" = ${"BUSY"}, "currentCallId" = ${callId}, "lastAssignedAt" = ${claimedAt}, "updatedAt" = ${claimedAt}
            WHERE "id" = ${candidate.agentId} AND "status" = ${"AVAILABLE"} AND "currentCallId" IS NULL`;
          if (agent === 0) return false;
          const routed = await tx.$executeRaw`
            UPDATE "Call" SET "agentId" = ${candidate.agentId}, "status" = ${"CONNECTING"}, "dialAttempts" = "dialAttempts" + 1,
              "languageCode" = ${languageCode}, "updatedAt" = ${new Date()}
            WHERE "id" = ${callId} AND "agentId" IS NULL AND "endedAt" IS NULL AND "status" NOT IN (${sqlList(ENDED_CALL_STATUSES)})`;
          if (routed === 0) throw new CallAlreadyRouted();
          await tx.$executeRaw`
            INSERT INTO "AgentAssignment" ("id", "agentId", "callId", "assignedAt", "outcome")
            VALUES (${sortableId(claimedAt.getTime())}, ${candidate.agentId}, ${callId}, ${claimedAt}, ${"PENDING"})`;
          return true;
        }),
      );
      if (!claimed) {
        // Taken by another request or instance since the heap was built: never offer it again from this cache.
        dropAgent(db, candidate.agentId);
        lost.push(candidate);
        continue;
      }
      const decisionId = randomUUID();
      await writeDecision(db, {
        id: decisionId,
        callId,
        languageCode,
        outcome: "ASSIGNED",
        chosenAgentId: candidate.agentId,
        candidateCount,
        claimAttempts,
        durationMicros: micros(),
        candidates: rows,
      });
      dropAgent(db, candidate.agentId);
      notify(opts, [
        { event: "agent.changed", agentId: candidate.agentId, status: "BUSY" },
        ...(call.status === "QUEUED" ? [{ event: "queue.changed" as const, callId, status: "assigned" }] : []),
      ]);
      return {
        kind: "assigned",
        agent: { id: candidate.agentId, name: candidate.name, phone: candidate.phone },
        decisionId,
        terms: candidate.terms,
      };
    } catch (err) {
      // currentCallId is unique: a concurrent request that already put another agent on this call makes the claim
      // itself fail with P2002. Either way this call is routed elsewhere.
      const uniqueClash = isUniqueViolation(err);
      if (!(err instanceof CallAlreadyRouted) && !uniqueClash) throw err;
      // A concurrent request for the same call won; the agent claim was rolled back, so it is still available.
      pool.heap.push(candidate);
      const existing = await currentCallAssignment(db, callId);
      return existing ?? { kind: "gave-up", waitedSeconds };
    }
  }

  return enqueue(db, { callId, languageCode, wasQueued: call.status === "QUEUED", waitedSeconds, now }, opts, {
    outcome: candidateCount === 0 ? "NO_AGENTS" : "QUEUED",
    candidateCount,
    considered: candidateRows([...considered, ...lost], null, cfg.decisionCandidates),
    claimAttempts,
    micros,
  });
}

/** Pop the best candidate not yet tried on this call; tried ones go straight back (synchronously, no await). */
function takeBest(pool: LanguagePool, tried: Set<string>): Candidate | undefined {
  const skipped: Candidate[] = [];
  let found: Candidate | undefined;
  for (let c = pool.heap.pop(); c !== undefined; c = pool.heap.pop()) {
    if (!tried.has(c.agentId)) {
      found = c;
      break;
    }
    skipped.push(c);
  }
  for (const c of skipped) pool.heap.push(c);
  return found;
}

function topCandidates(pool: LanguagePool, tried: Set<string>, k: number): Candidate[] {
  return pool.heap.topK(k + tried.size).filter((c) => !tried.has(c.agentId)).slice(0, k);
}

/** A RoutingCandidate row before it has its decision (and database id). */
type CandidateRow = Omit<RoutingCandidate, "id" | "decisionId">;

function candidateRows(considered: Candidate[], chosen: Candidate | null, k: number): CandidateRow[] {
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
  }));
}

async function enqueue(
  db: Db,
  input: { callId: string; languageCode: string; wasQueued: boolean; waitedSeconds: number; now: Date },
  opts: RoutingOptions,
  decision: {
    outcome: RoutingOutcome;
    candidateCount: number;
    considered: CandidateRow[];
    claimAttempts: number;
    micros: () => number;
  },
): Promise<AssignResult> {
  const { callId, languageCode, now } = input;
  const notQueueable = [...ENDED_CALL_STATUSES, "QUEUED"];
  const entered = await direct(db).$executeRaw`
    UPDATE "Call" SET "status" = ${"QUEUED"}, "queuedAt" = ${now}, "languageCode" = ${languageCode}, "updatedAt" = ${new Date()}
    WHERE "id" = ${callId} AND "agentId" IS NULL AND "endedAt" IS NULL AND "status" NOT IN (${sqlList(notQueueable)})`;
  const decisionId = randomUUID();
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
  });
  const [call] = await direct(db).$queryRaw<Array<{ status: CallStatus; queuedAt: Date | null }>>`
    SELECT "status", "queuedAt" FROM "Call" WHERE "id" = ${callId}`;
  if (call?.status !== "QUEUED" || !call.queuedAt) {
    // Routed or hung up concurrently: answer with what the call holds now.
    return (await currentCallAssignment(db, callId)) ?? { kind: "gave-up", waitedSeconds: input.waitedSeconds };
  }
  if (entered > 0) notify(opts, [{ event: "queue.changed", callId, status: "queued" }]);
  const cfg = resolveConfig(opts.config);
  const ahead = await callersAhead(db, { callId, languageCode, at: call.queuedAt }, cfg, now);
  return {
    kind: "queued",
    position: ahead + 1,
    waitedSeconds: waitedSecondsSince(call.queuedAt, now),
    decisionId,
  };
}

/** A RoutingDecision row as written (createdAt is stamped on write), with its candidate rows. */
type DecisionRow = Omit<RoutingDecision, "createdAt"> & { candidates: CandidateRow[] };

/** The decision and its top candidates, one transaction of two inserts. */
async function writeDecision(db: Db, d: DecisionRow): Promise<void> {
  const createdAt = new Date();
  await direct(db).$transaction(async (tx) => {
    await tx.$executeRaw`
      INSERT INTO "RoutingDecision" ("id", "callId", "languageCode", "outcome", "chosenAgentId", "candidateCount", "claimAttempts", "durationMicros", "createdAt")
      VALUES (${d.id}, ${d.callId}, ${d.languageCode}, ${d.outcome}, ${d.chosenAgentId}, ${d.candidateCount}, ${d.claimAttempts}, ${d.durationMicros}, ${createdAt})`;
    if (d.candidates.length === 0) return;
    const values = d.candidates.map(
      (c) => Prisma.sql`(${d.id}, ${c.agentId}, ${c.rank}, ${c.score}, ${c.recentCalls}, ${c.avgDuration}, ${c.avgRating}, ${c.ratingCount}, ${c.claimed}, ${c.exploration})`,
    );
    await tx.$executeRaw`
      INSERT INTO "RoutingCandidate" ("decisionId", "agentId", "rank", "score", "recentCalls", "avgDuration", "avgRating", "ratingCount", "claimed", "exploration")
      VALUES ${Prisma.join(values)}`;
  });
}

async function currentCallAssignment(db: Db, callId: string): Promise<AssignResult | null> {
  const call = await db.call.findUnique({ where: { id: callId }, select: { agentId: true } });
  return call?.agentId ? currentAssignment(db, callId, call.agentId) : null;
}

/** The assignment a call already holds (agent BUSY on this call), answered from its recorded decision. */
async function currentAssignment(db: Db, callId: string, agentId: string): Promise<AssignResult | null> {
  const agent = await db.agent.findUnique({
    where: { id: agentId },
    select: { id: true, name: true, phone: true, currentCallId: true },
  });
  if (!agent || agent.currentCallId !== callId) return null;
  const findDecision = () =>
    db.routingDecision.findFirst({
      where: { callId, outcome: "ASSIGNED", chosenAgentId: agentId },
      orderBy: { createdAt: "desc" },
      select: { id: true, candidates: { where: { agentId }, take: 1 } },
    });
  // The decision rows are written right after the claim commits (outside it, see assignAgent): a concurrent repeat
  // can get here first, so give the winner a moment to record them and answer exactly what it answered.
  let decision = await findDecision();
  for (let i = 0; !decision && i < DECISION_WAIT_STEPS; i++) {
    await new Promise((r) => setTimeout(r, DECISION_WAIT_STEP_MS));
    decision = await findDecision();
  }
  // Still none (the winner crashed in between): the agent holding this call is the truth.
  const row = decision?.candidates[0];
  return {
    kind: "assigned",
    agent: { id: agent.id, name: agent.name, phone: agent.phone },
    decisionId: decision?.id ?? "",
    terms: {
      recentCalls: row?.recentCalls ?? 0,
      avgDurationSeconds: row?.avgDuration ?? 0,
      avgRating: row?.avgRating ?? 0,
      ratingCount: row?.ratingCount ?? 0,
      score: row?.score ?? 0,
      ...(row?.exploration ? { exploration: row.exploration } : {}),
    },
  };
}
