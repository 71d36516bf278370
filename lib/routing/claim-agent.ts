// The atomic claim of one agent for one call: the only place an agent becomes BUSY.
// One transaction touches only this agent's and this call's rows (FKs included), so two claims can never lock in
// opposite orders. The agent must be claimable (AVAILABLE, or a wrap-up that has run out: agent-pool.ts) and hold
// no call; the state it was claimed from is written to AgentStateChange by the same statement that checks it, so
// the history shows exactly what routing took the agent from (never NOT_READY, OFFLINE or a live wrap-up).
import type { Db } from "../db/client";
import { direct, SqlError } from "../db/direct";
import { Prisma, sortableId, sqlList } from "../db/sql";
import { claimableAt } from "./agent-pool";
import { ENDED_CALL_STATUSES } from "./call-states";

/** What makes the claim atomic: the agent is taken only if still claimable and holding no call. Tests switch it off
 * (tests/support/broken-claim.ts) to prove the concurrency tests catch a read-then-write claim. */
export const claimGuard = { atomic: true };

/** Raised inside the claim transaction to roll back the agent claim when another request already routed the call. */
export class CallAlreadyRouted extends Error {}
/** Raised to roll back the history row when the agent changed between the two statements (PostgreSQL). */
class AgentMovedOn extends Error {}

/** PostgreSQL may still abort a claim as a deadlock or serialization failure under load: those are safe to rerun. */
function isRetryableConflict(err: unknown): boolean {
  if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2034") return true;
  if (err instanceof SqlError && (err.kind === "TransactionWriteConflict" || err.code === "40P01" || err.code === "40001")) return true;
  const text = err instanceof Error ? `${err.message} ${String((err as { cause?: unknown }).cause ?? "")}` : String(err);
  return /deadlock detected|could not serialize access|40P01|40001/i.test(text);
}

export async function withRetryableConflicts<T>(run: () => Promise<T>, attempts = 4): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await run();
    } catch (err) {
      if (i >= attempts || !isRetryableConflict(err)) throw err;
      await new Promise((r) => setTimeout(r, 5 * i + Math.random() * 10));
    }
  }
}


/**
 * Claim `agentId` for `callId` at `claimedAt`: true when claimed, false when the agent is no longer claimable.
 * Throws CallAlreadyRouted (or a unique violation on currentCallId) when a concurrent request routed the call.
 */
export async function claimAgent(
  db: Db,
  input: { agentId: string; callId: string; languageCode: string },
  claimedAtOverride?: Date,
): Promise<boolean> {
  const { agentId, callId, languageCode } = input;
  if ((await direct(db).provider()) === "postgres") return (await claimInOneStatement(db, input, claimedAtOverride)).claimed;
  try {
    return await withRetryableConflicts(() =>
      direct(db).$transaction(async (tx) => {
        // Stamped once the transaction holds the write lock, not when the decision began: the agent's previous
        // call may have ended (and been stamped) while this request waited, and assignments must not overlap.
        const claimedAt = claimedAtOverride ?? new Date();
        const guard = claimGuard.atomic ? Prisma.sql`AND "currentCallId" IS NULL AND ${claimableAt(claimedAt)}` : Prisma.empty;
        const recorded = await tx.$executeRaw`
          INSERT INTO "AgentStateChange" ("agentId", "fromStatus", "toStatus", "reason", "actor", "callId", "at")
          SELECT "id", "status", ${"BUSY"}, NULL, ${"system"}, ${callId}, ${claimedAt} FROM "Agent"
          WHERE "id" = ${agentId} ${guard}`;
        if (recorded === 0) return false;
        const agent = await tx.$executeRaw`
          UPDATE "Agent" SET "status" = ${"BUSY"}, "currentCallId" = ${callId}, "lastAssignedAt" = ${claimedAt}, "stateSince" = ${claimedAt},
            "wrapUpUntil" = NULL, "updatedAt" = ${claimedAt}
          WHERE "id" = ${agentId} ${guard}`;
        if (agent === 0) throw new AgentMovedOn();
        const routed = await tx.$executeRaw`
          UPDATE "Call" SET "agentId" = ${agentId}, "status" = ${"CONNECTING"}, "dialAttempts" = "dialAttempts" + 1,
            "languageCode" = ${languageCode}, "updatedAt" = ${new Date()}
          WHERE "id" = ${callId} AND "agentId" IS NULL AND "endedAt" IS NULL AND "status" NOT IN (${sqlList(ENDED_CALL_STATUSES)})`;
        if (routed === 0) throw new CallAlreadyRouted();
        await tx.$executeRaw`
          INSERT INTO "AgentAssignment" ("id", "agentId", "callId", "assignedAt", "outcome")
          VALUES (${sortableId(claimedAt.getTime())}, ${agentId}, ${callId}, ${claimedAt}, ${"PENDING"})`;
        return true;
      }),
    );
  } catch (err) {
    if (err instanceof AgentMovedOn) return false;
    throw err;
  }
}

/**
 * PostgreSQL: the whole claim as one statement, one round trip instead of seven (BEGIN, lock, history, agent, call,
 * assignment, COMMIT) to a database that is usually across a network (issue #20), and no row lock held across
 * round trips. Lock order as before: the agent row FOR UPDATE first ("agent"; every other part waits on it through a
 * one-time filter), then the call row. Taking FOR UPDATE first matters: the history row's foreign key takes a KEY
 * SHARE lock on the agent and the UPDATE (it sets the unique currentCallId) needs FOR UPDATE, so two claims of one
 * agent would otherwise each hold the first and wait for the second (a deadlock); this way the second waits, then
 * finds the agent taken (READ COMMITTED re-checks the guard on the row as committed). The call is routed only if the
 * agent was locked claimable, and the agent, its history and the assignment are written only if the call was routed,
 * so nothing is written when either side was taken. The claim time is stamped before the lock wait, so it is moved
 * to the agent's stateSince when that is later: an assignment never starts before the agent's previous one ended.
 */
async function claimInOneStatement(
  db: Db,
  input: { agentId: string; callId: string; languageCode: string },
  claimedAtOverride?: Date,
  aheadInLine?: Prisma.Sql,
): Promise<{ claimed: boolean; ahead: number }> {
  const { agentId, callId, languageCode } = input;
  return withRetryableConflicts(async () => {
    const now = claimedAtOverride ?? new Date();
    const guard = claimGuard.atomic ? Prisma.sql`AND "currentCallId" IS NULL AND ${claimableAt(now)}` : Prisma.empty;
    // The line check (claimIfFirstInLine): counted once ("line" is read twice, so PostgreSQL evaluates it once), and
    // the agent is locked only when nobody stands ahead.
    const line = aheadInLine ? Prisma.sql`"line" AS (SELECT ${aheadInLine} AS "ahead"), ` : Prisma.empty;
    const first = aheadInLine ? Prisma.sql`AND (SELECT "ahead" FROM "line") = 0` : Prisma.empty;
    const ahead = aheadInLine ? Prisma.sql`(SELECT "ahead" FROM "line")` : Prisma.sql`0`;
    const stamp = claimedAtOverride
      ? Prisma.sql`CAST(${now} AS TIMESTAMP(3))`
      : Prisma.sql`GREATEST(CAST(${now} AS TIMESTAMP(3)), "stateSince")`;
    const [row] = await direct(db).$queryRaw<Array<{ locked: bigint | number; routed: bigint | number; ahead: bigint | number }>>`
      WITH ${line}"agent" AS (
        SELECT "id", "status", ${stamp} AS "at" FROM "Agent" WHERE "id" = ${agentId} ${guard} ${first} FOR UPDATE
      ), "routed" AS (
        UPDATE "Call" SET "agentId" = ${agentId}, "status" = ${"CONNECTING"}, "dialAttempts" = "dialAttempts" + 1,
          "languageCode" = ${languageCode}, "updatedAt" = ${new Date()}
        WHERE "id" = ${callId} AND "agentId" IS NULL AND "endedAt" IS NULL AND "status" NOT IN (${sqlList(ENDED_CALL_STATUSES)})
          AND EXISTS (SELECT 1 FROM "agent")
        RETURNING "id"
      ), "taken" AS (
        UPDATE "Agent" a SET "status" = ${"BUSY"}, "currentCallId" = ${callId}, "lastAssignedAt" = g."at", "stateSince" = g."at",
          "wrapUpUntil" = NULL, "updatedAt" = g."at"
        FROM "agent" g WHERE a."id" = g."id" AND EXISTS (SELECT 1 FROM "routed")
      ), "history" AS (
        INSERT INTO "AgentStateChange" ("agentId", "fromStatus", "toStatus", "reason", "actor", "callId", "at")
        SELECT g."id", g."status", ${"BUSY"}, NULL, ${"system"}, ${callId}, g."at" FROM "agent" g WHERE EXISTS (SELECT 1 FROM "routed")
      ), "assignment" AS (
        INSERT INTO "AgentAssignment" ("id", "agentId", "callId", "assignedAt", "outcome")
        SELECT ${sortableId(now.getTime())}, g."id", ${callId}, g."at", ${"PENDING"} FROM "agent" g WHERE EXISTS (SELECT 1 FROM "routed")
      )
      SELECT (SELECT COUNT(*) FROM "agent") AS "locked", (SELECT COUNT(*) FROM "routed") AS "routed", ${ahead} AS "ahead"`;
    const aheadCount = Number(row?.ahead ?? 0);
    if (Number(row?.locked ?? 0) === 0) return { claimed: false, ahead: aheadCount };
    if (Number(row?.routed ?? 0) === 0) throw new CallAlreadyRouted();
    return { claimed: true, ahead: 0 };
  });
}

/** What claimIfFirstInLine found: the agent claimed, the agent no longer claimable, or callers ahead in line. */
export type LineClaim = { kind: "claimed" } | { kind: "taken" } | { kind: "behind"; ahead: number };

/**
 * PostgreSQL only (issue #20): the routing decision's line check (queue.ts aheadInLineSql, a count of the callers
 * ahead of this one) and the claim in one statement, one round trip less per decision. The agent is locked and
 * claimed only when the count is 0; otherwise nothing is written and the caller queues behind them. Lock order and
 * guarantees are claimInOneStatement's (the count only reads). Throws CallAlreadyRouted as claimAgent does.
 */
export async function claimIfFirstInLine(
  db: Db,
  input: { agentId: string; callId: string; languageCode: string },
  aheadInLine: Prisma.Sql,
  claimedAtOverride?: Date,
): Promise<LineClaim> {
  const { claimed, ahead } = await claimInOneStatement(db, input, claimedAtOverride, aheadInLine);
  if (claimed) return { kind: "claimed" };
  return ahead > 0 ? { kind: "behind", ahead } : { kind: "taken" };
}
