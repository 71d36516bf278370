// assignAgent: route (or re-route from the queue) a call to the best available agent of its language.
//
// 1. A call that already holds an agent gets the same answer again (idempotent per call).
// 2. A caller that waited past maxQueueWaitSeconds leaves the queue: "gave-up".
// 3. Queue order: if a live caller of the same language and required skill is ahead in line (queue.ts: arrival
//    moved earlier by priority), this one queues behind. On PostgreSQL that count is taken in the claim's own
//    statement when no preferred agent is involved (claim-agent.ts claimIfFirstInLine).
// 3b. Preferred agent (preferred-agent.ts): a returning caller takes the agent they last rated 3-4 if free, or waits
//    for them for at most ROUTING_PREFERRED_WAIT_SECONDS.
// 4. Pop the per-language heap (skipping agents already tried on this call) and claim atomically in the database:
//    (claim-agent.ts: AVAILABLE or an expired wrap-up -> BUSY). A lost claim drops that agent and pops the next one.
// The decision record, the queue entry and the "already assigned" answer live in decision-record.ts, enqueue.ts
// and current-assignment.ts.
// 5. Nothing claimable: the caller is queued (Call.status QUEUED, queuedAt). Every decision is recorded.
import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Db } from "../db/client";
import { direct } from "../db/direct";
import { isUniqueViolation } from "../db/sql";
import { CallStatus } from "../generated/prisma/enums";
import { agentSelect, dropAgent, getPool, type LanguagePool, recentCallCounts, toCandidate } from "./agent-pool";
import { CallAlreadyRouted, claimAgent, claimIfFirstInLine, type LineClaim } from "./claim-agent";
import { ENDED_CALL_STATUSES, waitedSecondsSince } from "./call-states";
import { type RoutingOptions, resolveConfig } from "./config";
import { currentAssignment, currentCallAssignment } from "./current-assignment";
import { candidateRows, DECISION_REASONS, type DecisionRow, writeDecision } from "./decision-record";
import { enqueue } from "./enqueue";
import { notify } from "./notify";
import { preferredAgentOf, preferredAgentState, preferredStep, secondsSince } from "./preferred-agent";
import { aheadInLineSql, lineAndFloor, placeInLine } from "./queue";
import type { Candidate } from "./score";
import { requiredSkillFor } from "./skills";
import { routingSnapshotColumns, routingSnapshotJoin, snapshotFrom } from "./call-snapshot";
import type { AssignInput, AssignResult, RoutingCallSnapshot } from "./types";

const nullableDate = z.date().nullable();
const snapshotInput = z.object({
  status: z.enum(Object.values(CallStatus) as [CallStatus, ...CallStatus[]]),
  agentId: z.string().min(1).nullable(),
  queuedAt: nullableDate,
  placeAt: nullableDate,
  endedAt: nullableDate,
  to: z.string(),
  requiredSkill: z.string().nullable(),
  priority: z.number().nullable(),
  lastAgentId: z.string().nullable(),
  lastRating: z.number().nullable(),
  tried: z.number().int().nonnegative(),
});
const assignInput = z.object({ callId: z.string().min(1), languageCode: z.string().min(1), known: snapshotInput.optional() });

export class RoutingError extends Error {
  override name = "RoutingError";
}

/** Per client (a server instance; tests make several), the last decision started for each call still running. */
const decisionsInFlight = new WeakMap<Db, Map<string, Promise<AssignResult>>>();

/**
 * One decision per call at a time in a server instance: a second request for a call whose decision is still running
 * here (a repeated delivery, a poll racing a failover) waits for it, then decides on the call as that one left it
 * (usually answering its agent). Without this, the first request's popped candidates are missing from the shared
 * heap, so the second could find no agent and queue the caller while the first put them through (CI, PgBouncer pass:
 * one answered "queued", the other "assigned"). Requests from other instances race in the database as before.
 */
export async function assignAgent(db: Db, rawInput: AssignInput, opts: RoutingOptions = {}): Promise<AssignResult> {
  const input = assignInput.parse(rawInput);
  let calls = decisionsInFlight.get(db);
  if (!calls) decisionsInFlight.set(db, (calls = new Map()));
  const running = calls.get(input.callId);
  // After waiting, the snapshot the caller read before this request is stale: read it again.
  const decision = running
    ? running.catch(() => undefined).then(() => decide(db, { callId: input.callId, languageCode: input.languageCode }, opts))
    : decide(db, input, opts);
  calls.set(input.callId, decision);
  try {
    return await decision;
  } finally {
    if (calls.get(input.callId) === decision) calls.delete(input.callId);
  }
}

async function decide(db: Db, input: z.infer<typeof assignInput>, opts: RoutingOptions): Promise<AssignResult> {
  const started = performance.now();
  const startedEpoch = Date.now();
  const { callId, languageCode, known } = input;
  const cfg = resolveConfig(opts.config);
  const now = opts.now ?? new Date();
  const micros = () => Math.round((performance.now() - started) * 1000);

  // Raw SQL on the decision path (lib/db/sql.ts: ORM queries cost 4-5x more CPU to plan than to run here). Skipped
  // when the caller read the same snapshot in its own statement (call-snapshot.ts).
  const call = known ?? (await readSnapshot(db, callId));
  if (!call) throw new RoutingError(`call ${callId} does not exist`);
  // Data about the caller (#19): the skill their dialled number needs, their priority (Customer.priority 0-3).
  const skill = call.requiredSkill ?? requiredSkillFor(call.to, cfg.skillByNumber);
  const priority = Number(call.priority ?? 0);
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

  // A caller's place in line while queued is fixed (placeAt, or queuedAt for an entry from before #19); a newcomer's
  // is now moved earlier by their priority (queue.ts), which is also where they stand if they queue now.
  const placeIfQueuedNow = placeInLine(now, priority, cfg.priorityBoostSeconds);
  const place = call.status === "QUEUED" && call.queuedAt ? (call.placeAt ?? call.queuedAt) : placeIfQueuedNow;
  const lineInput = { callId, languageCode, at: place, skill };
  const queueInput = {
    callId,
    languageCode,
    wasQueued: call.status === "QUEUED",
    waitedSeconds,
    now,
    placeAt: placeIfQueuedNow,
    skill,
    counted: { at: place, ahead: 0 },
  };
  // Someone stands ahead in this caller's line: they queue behind them, and the decision considered no agent.
  const queueBehind = (ahead: number) =>
    enqueue(db, { ...queueInput, counted: { at: place, ahead } }, opts, {
      outcome: "QUEUED",
      priority,
      candidateCount: 0,
      considered: [],
      claimAttempts: 0,
      micros,
    });
  const preferredId = preferredAgentOf({ lastAgentId: call.lastAgentId, lastRating: call.lastRating }, cfg);
  // Who is ahead, and whether the database holds an agent who could take this caller (queue.ts lineAndFloor). On
  // PostgreSQL, with no preferred agent to weigh, the count rides in the claim's own statement instead
  // (claimIfFirstInLine: one round trip less per decision, issue #20), and this statement runs only when the heap
  // has no candidate to claim.
  const postgres = (await direct(db).provider()) === "postgres";
  const lineInClaim = !preferredId && postgres;
  // The record of an assigned decision: written now, or handed back for the caller's next statement (holdDecision).
  const recordDecision = async (row: DecisionRow): Promise<{ record?: DecisionRow }> => {
    if (postgres && opts.holdDecision) return { record: row };
    await writeDecision(db, row);
    return {};
  };
  let line = lineInClaim ? null : await lineAndFloor(db, lineInput, cfg, now);
  if (line && line.ahead > 0) return queueBehind(line.ahead);

  // Which agents this call already rang (failover skips them): read only when it rang any (#20: one round trip less
  // on a first decision, the common case).
  const triedRows =
    call.tried === 0
      ? []
      : await direct(db).$queryRaw<Array<{ agentId: string }>>`SELECT "agentId" FROM "AgentAssignment" WHERE "callId" = ${callId}`;
  const tried = new Set(triedRows.map((a) => a.agentId));

  let pool = await getPool(db, languageCode, cfg, now, undefined, skill);

  if (preferredId && !tried.has(preferredId)) {
    const found = await preferredAgentState(db, { agentId: preferredId, languageCode, skill }, now);
    // The wait is counted on the queue clock (queuedAt, stamped with the routing clock), 0 for a newcomer.
    const queuedSince = call.status === "QUEUED" ? call.queuedAt : null;
    const step = preferredStep(found.state, secondsSince(queuedSince, now), cfg);
    const considered = topCandidates(pool, tried, cfg.decisionCandidates);
    if (step === "claim") {
      const candidate =
        pool.heap.get(preferredId) ??
        (await preferredCandidate(db, preferredId, found.proficiency, cfg, now));
      if (candidate) {
        const claimed = await claimAgent(db, { agentId: preferredId, callId, languageCode }, opts.now).catch((err: unknown) => {
          if (err instanceof CallAlreadyRouted || isUniqueViolation(err)) return "routed-elsewhere" as const;
          throw err;
        });
        dropAgent(db, preferredId);
        if (claimed === "routed-elsewhere") return (await currentCallAssignment(db, callId)) ?? { kind: "gave-up", waitedSeconds };
        if (claimed) {
          const decisionId = randomUUID();
          const held = await recordDecision({
            id: decisionId,
            callId,
            languageCode,
            outcome: "ASSIGNED",
            chosenAgentId: preferredId,
            candidateCount: pool.heap.size + 1,
            claimAttempts: 1,
            durationMicros: micros(),
            candidates: candidateRows(considered, candidate, cfg.decisionCandidates),
            requiredSkill: skill,
            priority,
            reason: DECISION_REASONS.preferred,
          });
          notify(opts, [
            { event: "agent.changed", agentId: preferredId, status: "BUSY", callId },
            ...(call.status === "QUEUED" ? [{ event: "queue.changed" as const, callId, status: "assigned" }] : []),
          ]);
          return { kind: "assigned", agent: { id: preferredId, name: candidate.name, phone: candidate.phone }, decisionId, terms: candidate.terms, ...held };
        }
        // Taken elsewhere between the read and the claim: normal routing below.
      }
    } else if (step === "wait") {
      const preferredUntil = new Date((queuedSince ?? now).getTime() + cfg.preferredWaitSeconds * 1000);
      return enqueue(db, { ...queueInput, preferredUntil }, opts, {
        outcome: "QUEUED",
        priority,
        reason: DECISION_REASONS.waitingForPreferred,
        candidateCount: pool.heap.size,
        considered: candidateRows(considered, null, cfg.decisionCandidates),
        claimAttempts: 0,
        micros,
      });
    }
  }
  let refreshed = pool.builtAt >= startedEpoch;
  let considered = topCandidates(pool, tried, cfg.decisionCandidates);
  let candidateCount = pool.heap.size;
  let claimAttempts = 0;
  const lost: Candidate[] = [];

  for (;;) {
    const candidate = takeBest(pool, tried);
    if (!candidate) {
      // Before telling a caller to wait, make sure the cache did not just miss an agent freed elsewhere: rebuilt once,
      // and only when the database said (in the line statement) that an agent it has not rung is claimable.
      line ??= await lineAndFloor(db, lineInput, cfg, now);
      if (line.ahead > 0) return queueBehind(line.ahead);
      if (refreshed || !line.claimable) {
        // Not rebuilt: the heap as it stands now (lost claims dropped) is what the decision records as considered.
        if (!refreshed) candidateCount = pool.heap.size;
        break;
      }
      pool = await getPool(db, languageCode, cfg, now, startedEpoch, skill);
      refreshed = true;
      considered = topCandidates(pool, tried, cfg.decisionCandidates);
      candidateCount = pool.heap.size;
      continue;
    }
    claimAttempts++;
    const rows = candidateRows([...considered, ...lost], candidate, cfg.decisionCandidates);
    try {
      const target = { agentId: candidate.agentId, callId, languageCode };
      const outcome: LineClaim = line
        ? { kind: (await claimAgent(db, target, opts.now)) ? "claimed" : "taken" }
        : await claimIfFirstInLine(db, target, aheadInLineSql(lineInput, cfg, now), opts.now);
      if (outcome.kind === "behind") {
        // Nothing was written: the agent stays in the heap, for the caller ahead.
        pool.heap.push(candidate);
        return queueBehind(outcome.ahead);
      }
      if (outcome.kind === "taken") {
        // Taken by another request or instance since the heap was built: never offer it again from this cache.
        dropAgent(db, candidate.agentId);
        lost.push(candidate);
        continue;
      }
      const decisionId = randomUUID();
      const held = await recordDecision({
        id: decisionId,
        callId,
        languageCode,
        outcome: "ASSIGNED",
        chosenAgentId: candidate.agentId,
        candidateCount,
        claimAttempts,
        durationMicros: micros(),
        candidates: rows,
        requiredSkill: skill,
        priority,
      });
      dropAgent(db, candidate.agentId);
      notify(opts, [
        { event: "agent.changed", agentId: candidate.agentId, status: "BUSY", callId },
        ...(call.status === "QUEUED" ? [{ event: "queue.changed" as const, callId, status: "assigned" }] : []),
      ]);
      return {
        kind: "assigned",
        agent: { id: candidate.agentId, name: candidate.name, phone: candidate.phone },
        decisionId,
        terms: candidate.terms,
        ...held,
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

  return enqueue(db, queueInput, opts, {
    outcome: candidateCount === 0 ? "NO_AGENTS" : "QUEUED",
    priority,
    candidateCount,
    considered: candidateRows([...considered, ...lost], null, cfg.decisionCandidates),
    claimAttempts,
    micros,
  });
}

/** The call as a routing decision first needs it (call-snapshot.ts), in one statement; null if there is no such call. */
async function readSnapshot(db: Db, callId: string): Promise<RoutingCallSnapshot | null> {
  const [row] = await direct(db).$queryRaw<Array<Parameters<typeof snapshotFrom>[0]>>`
    SELECT c."status", c."agentId", c."queuedAt", c."placeAt", c."endedAt", c."to", c."requiredSkill", ${routingSnapshotColumns("c")}
    FROM "Call" c ${routingSnapshotJoin("c")} WHERE c."id" = ${callId}`;
  return row ? snapshotFrom(row) : null;
}

/** The preferred agent as a candidate (score terms for "why this agent") when the cached heap does not hold them. */
async function preferredCandidate(
  db: Db,
  agentId: string,
  proficiency: number | null,
  cfg: ReturnType<typeof resolveConfig>,
  now: Date,
): Promise<Candidate | null> {
  const [agent] = await db.agent.findMany({ where: { id: agentId }, select: agentSelect });
  if (!agent) return null;
  const recent = await recentCallCounts(db, cfg, now, { agentIds: [agentId] });
  return toCandidate(agent, recent.get(agentId) ?? 0, cfg, proficiency);
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

