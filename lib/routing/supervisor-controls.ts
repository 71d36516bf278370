// Supervisor controls for a floor that got stuck anyway: force-release an agent, end a call. Both record who and
// why in the call's timeline and release through the same path as a hangup (release-call.ts), so the agent is
// freed without a miss and the call's queue place is dropped.
import { z } from "zod";
import type { Db } from "../db/client";
import { direct } from "../db/direct";
import { markAgentsDirty } from "./agent-pool";
import { ASSIGNMENT } from "./call-states";
import { freeBusyWithoutCall } from "../agent-state/after-call";
import { type RoutingOptions, resolveConfig } from "./config";
import { notify } from "./notify";
import { closeCall } from "./reconcile";
import { RELEASED_AGENT_STATUS, releaseAgentFromCall } from "./release-call";

export const supervisorReason = z.string().trim().min(3, "Say why (at least 3 characters).").max(200, "Keep the reason under 200 characters.");
export const forceReleaseInput = z.object({ agentId: z.string().min(1, "Pick an agent."), reason: supervisorReason });
export const endCallInput = z.object({ callId: z.string().min(1, "Pick a call."), reason: supervisorReason });

export type ControlResult = { ok: true; message: string } | { ok: false; message: string };

export async function forceReleaseAgent(
  db: Db,
  input: z.infer<typeof forceReleaseInput> & { by: string },
  opts: RoutingOptions = {},
): Promise<ControlResult> {
  const now = opts.now ?? new Date();
  const agent = await db.agent.findUnique({ where: { id: input.agentId }, select: { id: true, name: true, status: true, currentCallId: true } });
  if (!agent) return { ok: false, message: "That agent no longer exists." };
  const callId = agent.currentCallId;
  const released = await direct(db).$transaction(async (tx) => {
    if (callId) {
      // Agent row first, then the assignment: the lock order of every release path.
      const moved = await releaseAgentFromCall(tx, agent.id, callId, now, { kind: "unanswered" }, resolveConfig(opts.config));
      await tx.$executeRaw`
        UPDATE "AgentAssignment" SET "outcome" = ${ASSIGNMENT.released}, "endedAt" = ${now}
        WHERE "callId" = ${callId} AND "agentId" = ${agent.id} AND "outcome" = ${ASSIGNMENT.pending}`;
      const detail = JSON.stringify({ agentId: agent.id, by: input.by, reason: input.reason });
      await tx.$executeRaw`
        INSERT INTO "CallEvent" ("callId", "type", "detail", "at")
        SELECT ${callId}, ${"agent.force-released"}, ${detail}, ${now} WHERE EXISTS (SELECT 1 FROM "Call" WHERE "id" = ${callId})`;
      return moved;
    }
    return freeBusyWithoutCall(tx, agent.id, now);
  });
  markAgentsDirty(db, [agent.id]);
  if (!released) return { ok: false, message: `${agent.name} is not busy; nothing to release.` };
  notify(opts, [{ event: "agent.changed", agentId: agent.id, status: RELEASED_AGENT_STATUS }]);
  return { ok: true, message: `${agent.name} was released.` };
}

export async function endStuckCall(db: Db, input: z.infer<typeof endCallInput> & { by: string }, opts: RoutingOptions = {}): Promise<ControlResult> {
  const r = await closeCall(db, { callId: input.callId, reason: input.reason, by: input.by }, opts);
  return r.closed ? { ok: true, message: "The call was ended." } : { ok: false, message: "That call has already ended." };
}
