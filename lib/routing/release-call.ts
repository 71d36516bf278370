// releaseCall: the caller hung up (or reconcile / a supervisor ended the call). Free whatever the call still holds
// (its agent, its queue place). Idempotent: a second release finds nothing held. `releaseAgentFromCall` is THE one
// place routing gives an agent back after a call; lib/agent-state/after-call.ts picks what they become (wrap-up after
// talking, not-ready after repeated misses, else available) and never moves an agent who is not BUSY on this call.
import { z } from "zod";
import { endAgentCall, type CallEnd } from "../agent-state/after-call";
import type { Db } from "../db/client";
import { direct, type SqlRunner } from "../db/direct";
import { agentStatus, markAgentsDirty } from "./agent-pool";
import { ASSIGNMENT } from "./call-states";
import { type RoutingConfig, type RoutingOptions, resolveConfig } from "./config";
import { notify } from "./notify";
import { releaseHeldCallOnPostgres } from "./release-on-postgres";

/** What an agent freed without a call of theirs (a crash between statements) becomes: nothing was talked. */
export const RELEASED_AGENT_STATUS = "AVAILABLE" as const;

/** Give the agent back if they still hold this call; true when they moved out of BUSY. */
export async function releaseAgentFromCall(
  tx: SqlRunner,
  agentId: string,
  callId: string,
  now: Date,
  end: CallEnd,
  cfg: RoutingConfig = resolveConfig(),
): Promise<boolean> {
  return (await endAgentCall(tx, { agentId, callId, end, now }, cfg)) !== null;
}

const releaseInput = z.object({ callId: z.string().min(1) });

export async function releaseCall(
  db: Db,
  rawInput: { callId: string },
  opts: RoutingOptions = {},
): Promise<{ agentId: string | null; dequeued: boolean }> {
  const { callId } = releaseInput.parse(rawInput);
  const now = opts.now ?? new Date();
  const cfg = resolveConfig(opts.config);
  // Raw SQL: runs on every hangup (lib/db/sql.ts). Whether the agent talked decides wrap-up vs straight back.
  const [holder] = await direct(db).$queryRaw<Array<{ id: string; talked: boolean | number }>>`
    SELECT a."id", (c."agentConnectedAt" IS NOT NULL) AS "talked" FROM "Agent" a JOIN "Call" c ON c."id" = a."currentCallId"
    WHERE a."currentCallId" = ${callId}`;
  // Hung up mid-conversation: after-call work; while the agent's phone still rang: straight back, not their miss.
  const talked = Boolean(holder?.talked);
  const postgres = (await direct(db).provider()) === "postgres";
  const [agentReleased, dequeued, releasedStatus] = !postgres
    ? await releaseInTransaction()
    : holder
      ? await releaseHeldCallOnPostgres(db, { agentId: holder.id, callId, talked, now, cfg })
      : [false, await closeOnPostgres(db, callId, now), null];
  async function releaseInTransaction() {
    return direct(db).$transaction(async (tx) => {
      const end: CallEnd = talked ? { kind: "talked" } : { kind: "unanswered" };
      const released = holder ? await releaseAgentFromCall(tx, holder.id, callId, now, end, cfg) : false;
      await tx.$executeRaw`
        UPDATE "AgentAssignment" SET "outcome" = ${ASSIGNMENT.released}, "endedAt" = ${now}
        WHERE "callId" = ${callId} AND "outcome" = ${ASSIGNMENT.pending}`;
      const left = await tx.$executeRaw`
        UPDATE "Call" SET "status" = ${"ABANDONED"}, "updatedAt" = ${new Date()} WHERE "id" = ${callId} AND "status" = ${"QUEUED"}`;
      return [released, left > 0, null] as const;
    });
  }
  if (holder) markAgentsDirty(db, [holder.id]);
  // PostgreSQL's release statement returns what the agent became; SQLite's is read after the response.
  const status = holder && agentReleased ? (releasedStatus ?? (async () => (await agentStatus(db, holder.id)) ?? RELEASED_AGENT_STATUS)) : null;
  notify(opts, [
    ...(holder && status ? [{ event: "agent.changed" as const, agentId: holder.id, status }] : []),
    ...(dequeued ? [{ event: "queue.changed" as const, callId, status: "abandoned" }] : []),
  ]);
  return { agentId: holder && agentReleased ? holder.id : null, dequeued };
}

/**
 * No agent holds the call (the dial result already released them, or the caller left the queue): on PostgreSQL the
 * two updates below as one statement, one round trip instead of four (BEGIN, two, COMMIT; issue #20). Both touch only
 * this call's rows. True when the call left the queue.
 */
async function closeOnPostgres(db: Db, callId: string, now: Date): Promise<boolean> {
  const [row] = await direct(db).$queryRaw<Array<{ left: bigint | number }>>`
    WITH "closed" AS (
      UPDATE "AgentAssignment" SET "outcome" = ${ASSIGNMENT.released}, "endedAt" = ${now}
      WHERE "callId" = ${callId} AND "outcome" = ${ASSIGNMENT.pending}
    ), "left" AS (
      UPDATE "Call" SET "status" = ${"ABANDONED"}, "updatedAt" = ${new Date()} WHERE "id" = ${callId} AND "status" = ${"QUEUED"}
      RETURNING 1
    )
    SELECT COUNT(*) AS "left" FROM "left"`;
  return Number(row?.left ?? 0) > 0;
}
