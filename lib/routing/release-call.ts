// releaseCall: the caller hung up (or reconcile / a supervisor ended the call). Free whatever the call still holds
// (its agent, its queue place). Idempotent: a second release finds nothing held. `releaseAgentFromCall` is THE one
// place an agent goes back on the floor after a call, so what "released" means (AVAILABLE today; #17's wrap-up
// later) is a change of RELEASED_AGENT_STATUS alone.
import { z } from "zod";
import type { Db } from "../db/client";
import { direct, type SqlRunner } from "../db/direct";
import { markAgentsDirty } from "./agent-pool";
import { ASSIGNMENT } from "./call-states";
import type { RoutingOptions } from "./config";
import { notify } from "./notify";

/** What an agent becomes when a call lets go of them without a miss. */
export const RELEASED_AGENT_STATUS = "AVAILABLE" as const;

/** Give the agent back if they still hold this call: RELEASED_AGENT_STATUS (or AWAY after misses), idle from now. */
export async function releaseAgentFromCall(
  tx: SqlRunner,
  agentId: string,
  callId: string,
  now: Date,
  status: typeof RELEASED_AGENT_STATUS | "AWAY" = RELEASED_AGENT_STATUS,
): Promise<boolean> {
  const released = await tx.$executeRaw`
    UPDATE "Agent" SET "status" = ${status}, "currentCallId" = NULL, "idleSince" = ${now}, "updatedAt" = ${new Date()}
    WHERE "id" = ${agentId} AND "currentCallId" = ${callId} AND "status" = ${"BUSY"}`;
  // A supervisor may have set them AWAY/OFFLINE mid-call: keep that status, just drop the call.
  await tx.$executeRaw`
    UPDATE "Agent" SET "currentCallId" = NULL, "updatedAt" = ${new Date()} WHERE "id" = ${agentId} AND "currentCallId" = ${callId}`;
  return released > 0;
}

const releaseInput = z.object({ callId: z.string().min(1) });

/** Returns the agent it freed (if any) and whether it dropped a queue place. */
export async function releaseCall(
  db: Db,
  rawInput: { callId: string },
  opts: RoutingOptions = {},
): Promise<{ agentId: string | null; dequeued: boolean }> {
  const { callId } = releaseInput.parse(rawInput);
  const now = opts.now ?? new Date();
  // Raw SQL: runs on every hangup (lib/db/sql.ts).
  const [holder] = await direct(db).$queryRaw<Array<{ id: string }>>`SELECT "id" FROM "Agent" WHERE "currentCallId" = ${callId}`;
  const [agentReleased, dequeued] = await direct(db).$transaction(async (tx) => {
    const released = holder ? await releaseAgentFromCall(tx, holder.id, callId, now) : false;
    // The agent was being dialled or talking when the call ended: not their miss, just released.
    await tx.$executeRaw`
      UPDATE "AgentAssignment" SET "outcome" = ${ASSIGNMENT.released}, "endedAt" = ${now}
      WHERE "callId" = ${callId} AND "outcome" = ${ASSIGNMENT.pending}`;
    const left = await tx.$executeRaw`
      UPDATE "Call" SET "status" = ${"ABANDONED"}, "updatedAt" = ${new Date()} WHERE "id" = ${callId} AND "status" = ${"QUEUED"}`;
    return [released, left > 0] as const;
  });
  if (holder) markAgentsDirty(db, [holder.id]);
  notify(opts, [
    ...(holder && agentReleased ? [{ event: "agent.changed" as const, agentId: holder.id, status: RELEASED_AGENT_STATUS }] : []),
    ...(dequeued ? [{ event: "queue.changed" as const, callId, status: "abandoned" }] : []),
  ]);
  return { agentId: holder && agentReleased ? holder.id : null, dequeued };
}
