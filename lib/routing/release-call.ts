// releaseCall: the caller hung up. Free whatever the call still holds (its agent, its queue place). This is the
// per-call part of reconcile, run on every hangup; idempotent, since a second hangup finds nothing held.
import { z } from "zod";
import type { Db } from "../db/client";
import { direct } from "../db/direct";
import { agentStatus, markAgentsDirty } from "./agent-pool";
import { ASSIGNMENT } from "./call-states";
import { type RoutingOptions, resolveConfig } from "./config";
import { notify } from "./notify";
import { releaseAgentFromCall } from "./record-dial-result";

const releaseInput = z.object({ callId: z.string().min(1) });

export async function releaseCall(db: Db, rawInput: { callId: string }, opts: RoutingOptions = {}): Promise<void> {
  const { callId } = releaseInput.parse(rawInput);
  const now = opts.now ?? new Date();
  // Raw SQL: runs on every hangup (lib/db/sql.ts).
  const [holder] = await direct(db).$queryRaw<Array<{ id: string; talked: boolean }>>`
    SELECT a."id", (c."agentConnectedAt" IS NOT NULL) AS "talked" FROM "Agent" a JOIN "Call" c ON c."id" = a."currentCallId"
    WHERE a."currentCallId" = ${callId}`;
  const [agentReleased, dequeued] = await direct(db).$transaction(
    async (tx) => {
      // Hung up mid-conversation: after-call work; while the agent's phone still rang: straight back.
      const end = holder && Boolean(holder.talked) ? ({ kind: "talked" } as const) : ({ kind: "unanswered" } as const);
      const released = holder ? await releaseAgentFromCall(tx, holder.id, callId, now, end, resolveConfig(opts.config)) : false;
      await tx.$executeRaw`
        UPDATE "AgentAssignment" SET "outcome" = ${ASSIGNMENT.released}, "endedAt" = ${now}
        WHERE "callId" = ${callId} AND "outcome" = ${ASSIGNMENT.pending}`;
      const left = await tx.$executeRaw`
        UPDATE "Call" SET "status" = ${"ABANDONED"}, "updatedAt" = ${new Date()} WHERE "id" = ${callId} AND "status" = ${"QUEUED"}`;
      return [released, left > 0] as const;
    },
  );
  if (holder) markAgentsDirty(db, [holder.id]);
  notify(opts, [
    ...(holder && agentReleased ? [{ event: "agent.changed" as const, agentId: holder.id, status: (await agentStatus(db, holder.id)) ?? "AVAILABLE" }] : []),
    ...(dequeued ? [{ event: "queue.changed" as const, callId, status: "abandoned" }] : []),
  ]);
}
