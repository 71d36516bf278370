// reconcile: the safety net that keeps the floor from getting stuck after lost callbacks, crashes and restarts.
//   1. Closes open calls that are not really up: no webhook for longer than the bound of their state (IVR/queue
//      minutes; a maximum call length once an agent is dialled or talking), or, with Plivo credentials, absent from
//      Plivo's live calls. Each is closed as ABANDONED/FAILED/COMPLETED with the reason in its timeline, its agent
//      released WITHOUT a miss and its queue place dropped (closeCall).
//   2. Frees agents held by calls that have ended or no longer exist.
//   3. Drops queued callers who stopped polling (their hangup was lost).
// Every write is conditional on the state it read (closing needs "endedAt IS NULL", releasing needs the agent to
// still hold that call), so several processes may run it at once and a second run changes nothing.
import type { Db } from "../db/client";
import { direct } from "../db/direct";
import { sqlList } from "../db/sql";
import { env } from "../env";
import { freeBusyWithoutCall } from "../agent-state/after-call";
import { markAgentsDirty } from "./agent-pool";
import { ASSIGNMENT, ENDED_CALL_STATUSES } from "./call-states";
import { type RoutingOptions, resolveConfig } from "./config";
import { reconcileCallbacks } from "./callbacks/reconcile-callbacks";
import { notify } from "./notify";
import { RELEASED_AGENT_STATUS, releaseAgentFromCall, releaseCall } from "./release-call";

export type RecoveryConfig = ReturnType<typeof env>["recovery"];

export type ReconcileOptions = RoutingOptions & {
  recovery?: Partial<RecoveryConfig>;
  /**
   * CallUUIDs Plivo reports as live (calls.listLiveCalls), or null when Plivo is not configured or did not answer:
   * then only the time bounds apply. Calls younger than LIVE_CHECK_MIN_AGE_MS are never closed on this evidence.
   */
  liveCallUuids?: () => Promise<Set<string> | null>;
};

export type ReconcileResult = { closed: number; released: number; dequeued: number; callbacks?: number };

/** A call this young may not be in Plivo's live list yet (the answer webhook can beat the list's update). */
export const LIVE_CHECK_MIN_AGE_MS = 60_000;

export function recoveryConfig(overrides?: Partial<RecoveryConfig>): RecoveryConfig {
  return { ...env().recovery, ...overrides };
}

type OpenCall = {
  id: string;
  callUuid: string;
  step: string;
  status: string;
  answeredAt: Date | null;
  agentConnectedAt: Date | null;
  startedAt: Date;
  lastSeenAt: Date | null;
  queuedAt: Date | null;
  updatedAt: Date;
};

/** Statuses where the call is with an agent (ringing or talking): no webhooks come until the dial ends. */
const WITH_AGENT = new Set(["CONNECTING", "CONNECTED"]);

/** Why this open call should be closed now, or null if it may still be up. */
export function staleReason(call: OpenCall, now: Date, cfg: RecoveryConfig, live: Set<string> | null): string | null {
  const seen = (call.lastSeenAt ?? (call.status === "QUEUED" ? call.queuedAt : null) ?? call.updatedAt).getTime();
  const quietMs = now.getTime() - seen;
  if (live && !live.has(call.callUuid) && now.getTime() - call.startedAt.getTime() >= LIVE_CHECK_MIN_AGE_MS) {
    return "not live at Plivo";
  }
  if (WITH_AGENT.has(call.status) || call.step === "AGENT") {
    return quietMs > cfg.maxCallMinutes * 60_000 ? `no webhook for ${Math.round(quietMs / 60_000)} min with an agent (max call length ${cfg.maxCallMinutes} min)` : null;
  }
  if (call.status === "QUEUED") {
    return quietMs > cfg.queueSeenSeconds * 1000 ? `stopped polling the queue ${Math.round(quietMs / 1000)} s ago (bound ${cfg.queueSeenSeconds} s)` : null;
  }
  return quietMs > cfg.ivrStaleMinutes * 60_000 ? `no webhook for ${Math.round(quietMs / 60_000)} min in the IVR (bound ${cfg.ivrStaleMinutes} min)` : null;
}

/** Final status of a call closed without its hangup: what the caller got decides, as for a real hangup. */
function closedStatus(call: Pick<OpenCall, "answeredAt" | "agentConnectedAt" | "step">): "COMPLETED" | "ABANDONED" | "FAILED" {
  if (call.agentConnectedAt || call.step === "MESSAGE") return "COMPLETED";
  return call.answeredAt ? "ABANDONED" : "FAILED";
}

/**
 * Close one open call for a reason (reconcile, or a supervisor ending it), once: the UPDATE is conditional on
 * endedAt IS NULL, so of two concurrent closers (or a closer and the real hangup) exactly one wins and writes the
 * timeline event. Then the call's agent and queue place are released (idempotent, no miss).
 */
export async function closeCall(
  db: Db,
  input: { callId: string; reason: string; by: string },
  opts: RoutingOptions = {},
): Promise<{ closed: boolean; agentId: string | null }> {
  const now = opts.now ?? new Date();
  const [call] = await direct(db).$queryRaw<OpenCall[]>`
    SELECT "id", "callUuid", "step", "status", "answeredAt", "agentConnectedAt", "startedAt", "lastSeenAt", "queuedAt", "updatedAt"
    FROM "Call" WHERE "id" = ${input.callId}`;
  if (!call) return { closed: false, agentId: null };
  const status = closedStatus(call);
  const closed = await direct(db).$transaction(async (tx) => {
    const n = await tx.$executeRaw`
      UPDATE "Call" SET "status" = ${status}, "endedAt" = ${now}, "hangupCause" = ${`closed by ${input.by}: ${input.reason}`.slice(0, 200)},
        "duration" = ${Math.max(0, Math.round((now.getTime() - call.startedAt.getTime()) / 1000))},
        "agentEndedAt" = CASE WHEN "agentConnectedAt" IS NOT NULL AND "agentEndedAt" IS NULL THEN ${now} ELSE "agentEndedAt" END,
        "updatedAt" = ${now}
      WHERE "id" = ${call.id} AND "endedAt" IS NULL AND "status" NOT IN (${sqlList(ENDED_CALL_STATUSES)})`;
    if (n === 0) return false;
    const detail = JSON.stringify({ status, step: call.step, by: input.by, reason: input.reason });
    await tx.$executeRaw`INSERT INTO "CallEvent" ("callId", "type", "detail", "at") VALUES (${call.id}, ${"call.closed"}, ${detail}, ${now})`;
    return true;
  });
  const { agentId } = await releaseCall(db, { callId: call.id }, opts);
  if (closed) notify(opts, [{ event: "queue.changed", callId: call.id, status: "closed" }]);
  return { closed, agentId };
}

export async function reconcile(db: Db, now: Date = new Date(), opts: ReconcileOptions = {}): Promise<ReconcileResult> {
  const cfg = recoveryConfig(opts.recovery);
  const ropts: RoutingOptions = { ...opts, now };

  // 1. Open calls that are not really up.
  const open = await direct(db).$queryRaw<OpenCall[]>`
    SELECT "id", "callUuid", "step", "status", "answeredAt", "agentConnectedAt", "startedAt", "lastSeenAt", "queuedAt", "updatedAt"
    FROM "Call" WHERE "endedAt" IS NULL AND "status" NOT IN (${sqlList(ENDED_CALL_STATUSES)})`;
  let live: Set<string> | null = null;
  if (open.length > 0 && opts.liveCallUuids) {
    try {
      live = await opts.liveCallUuids();
    } catch {
      live = null; // Plivo unreachable: fall back to the time bounds alone
    }
  }
  let closed = 0;
  let releasedByClose = 0;
  for (const call of open) {
    const reason = staleReason(call, now, cfg, live);
    if (!reason) continue;
    const r = await closeCall(db, { callId: call.id, reason, by: "reconcile" }, ropts);
    if (r.closed) closed++;
    if (r.agentId) releasedByClose++;
  }

  // 2. Agents held by a call that has ended or does not exist (a crash between the hangup's two writes, a deleted call).
  const holders = await direct(db).$queryRaw<Array<{ id: string; currentCallId: string | null; status: string }>>`
    SELECT "a"."id", "a"."currentCallId", "a"."status" FROM "Agent" "a"
    LEFT JOIN "Call" "c" ON "c"."id" = "a"."currentCallId"
    WHERE ("a"."status" = ${"BUSY"} OR "a"."currentCallId" IS NOT NULL)
      AND ("c"."id" IS NULL OR "c"."endedAt" IS NOT NULL OR "c"."status" IN (${sqlList(ENDED_CALL_STATUSES)}))`;
  const freed: string[] = [];
  for (const agent of holders) {
    const callId = agent.currentCallId;
    if (!callId) {
      // BUSY with no call at all: conditional on still being so, so a claim made meanwhile is left alone.
      if (await direct(db).$transaction((tx) => freeBusyWithoutCall(tx, agent.id, now))) freed.push(agent.id);
      continue;
    }
    // lib/agent-state moves the agent only if still BUSY on that call (AVAILABLE: the outcome is unknown, so no
    // wrap-up, and not a miss) and keeps a not-ready or offline state; an agent claimed meanwhile is left alone.
    // Agent row first, then the assignment: the same order as every other release path (release-call.ts), so two
    // releases of one agent cannot lock in opposite orders (a deadlock the randomised state-machine test found).
    const released = await direct(db).$transaction(async (tx) => {
      const moved = await releaseAgentFromCall(tx, agent.id, callId, now, { kind: "unanswered" }, resolveConfig(opts.config));
      await tx.$executeRaw`
        UPDATE "AgentAssignment" SET "outcome" = ${ASSIGNMENT.released}, "endedAt" = ${now}
        WHERE "callId" = ${callId} AND "agentId" = ${agent.id} AND "outcome" = ${ASSIGNMENT.pending}`;
      return moved;
    });
    if (released) freed.push(agent.id);
  }

  // 3. Queue places of calls that ended without releasing them (status QUEUED with endedAt set).
  const dequeued = await direct(db).$executeRaw`
    UPDATE "Call" SET "status" = ${"ABANDONED"}, "updatedAt" = ${now} WHERE "status" = ${"QUEUED"} AND "endedAt" IS NOT NULL`;

  // 4. Callbacks (#18) left DIALING/CONNECTED by a lost hangup or a crash (callbacks/reconcile-callbacks.ts).
  const { settled: callbacks } = await reconcileCallbacks(db, now, ropts);

  if (freed.length > 0) markAgentsDirty(db, freed);
  notify(opts, [
    ...freed.map((agentId) => ({ event: "agent.changed" as const, agentId, status: RELEASED_AGENT_STATUS })),
    ...(dequeued > 0 ? [{ event: "queue.changed" as const, status: "reconciled" }] : []),
  ]);
  return { closed, released: releasedByClose + freed.length, dequeued, ...(callbacks > 0 ? { callbacks } : {}) };
}
