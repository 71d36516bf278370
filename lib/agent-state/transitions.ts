// State changes asked for by an agent (their own) or a supervisor (forced, audited), wrap-up extension, and the
// sweep that ends expired wrap-ups. Each is a compare-and-set on the row as it was read (status and stateSince), so
// a change that raced another (a claim, a call ending, the other party's click) changes nothing and answers 409.
import { z } from "zod";
import type { Db } from "../db/client";
import { direct } from "../db/direct";
import { Prisma } from "../db/sql";
import type { AgentStatus } from "../generated/prisma/enums";
import { markAgentsDirty } from "../routing/agent-pool";
import { AgentStateError } from "./errors";
import { recordStateChange } from "./history";
import { type Actor, WRAP_UP_MAX_SECONDS } from "./states";
import { announceAgentState } from "./signals";

export const stateChangeInput = z.discriminatedUnion(
  "status",
  [
    z.object({ status: z.literal("AVAILABLE") }),
    z.object({ status: z.literal("NOT_READY"), reason: z.string().trim().min(1, "Pick a reason").max(40) }),
    z.object({ status: z.literal("OFFLINE") }),
  ],
  { error: "status must be AVAILABLE, NOT_READY (with a reason) or OFFLINE" },
);
export type StateChange = z.infer<typeof stateChangeInput>;

export const extendInput = z.object({ seconds: z.number().int().min(1).max(WRAP_UP_MAX_SECONDS).optional() });

type AgentRow = {
  id: string;
  status: AgentStatus;
  notReadyReason: string | null;
  currentCallId: string | null;
  stateSince: Date;
  wrapUpUntil: Date | null;
  wrapUpExtended: boolean;
};

async function readAgent(db: Db, agentId: string): Promise<AgentRow> {
  const [agent] = await direct(db).$queryRaw<AgentRow[]>`
    SELECT "id", "status", "notReadyReason", "currentCallId", "stateSince", "wrapUpUntil", "wrapUpExtended"
    FROM "Agent" WHERE "id" = ${agentId}`;
  if (!agent) throw new AgentStateError(404, "That agent does not exist.");
  return agent;
}

async function checkReason(db: Db, code: string, actor: Actor): Promise<void> {
  const [reason] = await direct(db).$queryRaw<Array<{ agentSelectable: boolean }>>`
    SELECT "agentSelectable" FROM "NotReadyReason" WHERE "code" = ${code}`;
  if (!reason) throw new AgentStateError(400, `Unknown not-ready reason "${code}".`);
  // "Missed calls" is the system's reason; a supervisor may still apply it, an agent may not pick it.
  if (!reason.agentSelectable && actor.kind === "agent") throw new AgentStateError(400, `"${code}" is set by the system only.`);
}

/**
 * Move an agent to AVAILABLE, NOT_READY (reason) or OFFLINE. Refused while they hold a call (BUSY is routing's).
 * From WRAP_UP, AVAILABLE is "Ready". Returns the new status.
 */
export async function changeAgentState(
  db: Db,
  agentId: string,
  rawChange: unknown,
  actor: Actor,
  now = new Date(),
): Promise<{ status: AgentStatus; reason: string | null }> {
  const parsed = stateChangeInput.safeParse(rawChange);
  if (!parsed.success) throw new AgentStateError(400, parsed.error.issues[0]?.message ?? "Invalid state change.");
  const change = parsed.data;
  const reason = change.status === "NOT_READY" ? change.reason : null;
  if (reason) await checkReason(db, reason, actor);
  const agent = await readAgent(db, agentId);
  if (agent.status === "BUSY" || agent.currentCallId) {
    throw new AgentStateError(409, "On a call: the state can change when the call ends.");
  }
  if (agent.status === change.status && agent.notReadyReason === reason) return { status: agent.status, reason };

  const changed = await direct(db).$transaction(async (tx) => {
    const n = await tx.$executeRaw`
      UPDATE "Agent" SET "status" = ${change.status}, "notReadyReason" = ${reason}, "stateSince" = ${now},
        "wrapUpUntil" = NULL, "wrapUpCallId" = NULL, "wrapUpExtended" = ${false}, "updatedAt" = ${new Date()}
        ${change.status === "AVAILABLE" && agent.status !== "WRAP_UP" ? rejoin(now) : noop()}
      WHERE "id" = ${agentId} AND "status" = ${agent.status} AND "stateSince" = ${agent.stateSince} AND "currentCallId" IS NULL`;
    if (n === 0) return false;
    await recordStateChange(tx, { agentId, from: agent.status, to: change.status, reason, actor, at: now });
    return true;
  });
  if (!changed) throw new AgentStateError(409, "The state changed meanwhile; look again and retry.");
  // Going ready makes the agent claimable at once: this process re-reads them before its next decision, and a
  // queued caller's next poll (or another instance's rebuild-before-queueing) finds them.
  markAgentsDirty(db, [agentId]);
  announceAgentState(agentId, change.status);
  return { status: change.status, reason };
}

/** Back from not-ready or offline: a fresh miss count and idle clock (after a wrap-up, idle counts from the call's end). */
const rejoin = (now: Date) => Prisma.sql`, "consecutiveMisses" = 0, "idleSince" = ${now}`;
const noop = () => Prisma.empty;

/** One extension per wrap-up, by `seconds` (default: the configured wrap-up), never past WRAP_UP_MAX_SECONDS in all. */
export async function extendWrapUp(
  db: Db,
  agentId: string,
  rawInput: unknown,
  cfg: { wrapUpSeconds: number },
  actor: Actor,
  now = new Date(),
): Promise<{ wrapUpUntil: Date }> {
  const parsed = extendInput.safeParse(rawInput ?? {});
  if (!parsed.success) throw new AgentStateError(400, `seconds must be a whole number from 1 to ${WRAP_UP_MAX_SECONDS}.`);
  const agent = await readAgent(db, agentId);
  if (agent.status !== "WRAP_UP" || !agent.wrapUpUntil || agent.wrapUpUntil <= now) {
    throw new AgentStateError(409, "Not in wrap-up.");
  }
  if (agent.wrapUpExtended) throw new AgentStateError(422, "Wrap-up can be extended once.");
  const seconds = parsed.data.seconds ?? (cfg.wrapUpSeconds || 30);
  const until = new Date(agent.wrapUpUntil.getTime() + seconds * 1000);
  const limit = new Date(agent.stateSince.getTime() + WRAP_UP_MAX_SECONDS * 1000);
  if (until > limit) {
    throw new AgentStateError(422, `Wrap-up cannot run past ${WRAP_UP_MAX_SECONDS / 60} minutes in all.`);
  }
  const extended = await direct(db).$transaction(async (tx) => {
    const n = await tx.$executeRaw`
      UPDATE "Agent" SET "wrapUpUntil" = ${until}, "wrapUpExtended" = ${true}, "updatedAt" = ${new Date()}
      WHERE "id" = ${agentId} AND "status" = ${"WRAP_UP"} AND "wrapUpExtended" = ${false} AND "wrapUpUntil" = ${agent.wrapUpUntil}`;
    if (n === 0) return false;
    await recordStateChange(tx, { agentId, from: "WRAP_UP", to: "WRAP_UP", reason: "EXTENDED", actor, until, at: now });
    return true;
  });
  if (!extended) throw new AgentStateError(409, "The state changed meanwhile; look again and retry.");
  announceAgentState(agentId, "WRAP_UP");
  return { wrapUpUntil: until };
}

/**
 * Wrap-ups whose time ran out become AVAILABLE. Routing does not wait for this (it treats an expired wrap-up as
 * available), so no timer has to survive a restart; boards and workspaces call it before reading.
 */
export async function sweepExpiredWrapUps(db: Db, now = new Date()): Promise<string[]> {
  const expired = await direct(db).$queryRaw<Array<{ id: string; wrapUpUntil: Date; wrapUpCallId: string | null }>>`
    SELECT "id", "wrapUpUntil", "wrapUpCallId" FROM "Agent" WHERE "status" = ${"WRAP_UP"} AND "wrapUpUntil" <= ${now}`;
  const moved: string[] = [];
  for (const a of expired) {
    const done = await direct(db).$transaction(async (tx) => {
      const n = await tx.$executeRaw`
        UPDATE "Agent" SET "status" = ${"AVAILABLE"}, "stateSince" = ${a.wrapUpUntil}, "wrapUpUntil" = NULL,
          "wrapUpExtended" = ${false}, "updatedAt" = ${new Date()}
        WHERE "id" = ${a.id} AND "status" = ${"WRAP_UP"} AND "wrapUpUntil" = ${a.wrapUpUntil}`;
      if (n === 0) return false;
      await recordStateChange(tx, { agentId: a.id, from: "WRAP_UP", to: "AVAILABLE", actor: { kind: "system" }, callId: a.wrapUpCallId, at: a.wrapUpUntil });
      return true;
    });
    if (done) moved.push(a.id);
  }
  if (moved.length > 0) {
    markAgentsDirty(db, moved);
    for (const id of moved) announceAgentState(id, "AVAILABLE");
  }
  return moved;
}
