// reconcile: the safety net that keeps routing from getting stuck. Frees agents held by calls that have ended or
// no longer exist (a lost hangup webhook, a crashed instance), and drops queue entries whose caller is gone or
// stopped polling. Runs on a schedule (/api/cron/reconcile); releaseCall does the same for one call on hangup.
import { endAgentCall, freeBusyWithoutCall } from "../agent-state/after-call";
import type { Db } from "../db/client";
import { direct } from "../db/direct";
import { markAgentsDirty } from "./agent-pool";
import { ASSIGNMENT, ENDED_CALL_STATUSES } from "./call-states";
import { type RoutingOptions, resolveConfig } from "./config";
import { notify } from "./notify";
import { staleQueueCutoff } from "./queue";

export async function reconcile(
  db: Db,
  now: Date = new Date(),
  opts: RoutingOptions = {},
): Promise<{ released: number; dequeued: number }> {
  const cfg = resolveConfig(opts.config);
  const holders = await db.agent.findMany({
    where: { OR: [{ status: "BUSY" }, { currentCallId: { not: null } }] },
    select: { id: true, status: true, currentCallId: true },
  });
  const callIds = holders.flatMap((a) => (a.currentCallId ? [a.currentCallId] : []));
  const live = new Set(
    (
      await db.call.findMany({
        where: { id: { in: callIds }, endedAt: null, status: { notIn: ENDED_CALL_STATUSES } },
        select: { id: true },
      })
    ).map((c) => c.id),
  );

  const freed: string[] = [];
  for (const agent of holders) {
    if (agent.currentCallId && live.has(agent.currentCallId)) continue;
    const callId = agent.currentCallId;
    if (!callId) {
      if (await direct(db).$transaction((tx) => freeBusyWithoutCall(tx, agent.id, now))) freed.push(agent.id);
      continue;
    }
    // lib/agent-state moves the agent only if still BUSY on that call (AVAILABLE: the outcome is unknown, so no
    // wrap-up) and keeps a not-ready or offline state; an agent claimed for a new call meanwhile is left alone.
    const released = await direct(db).$transaction(async (tx) => {
      const moved = await endAgentCall(tx, { agentId: agent.id, callId, end: { kind: "unanswered" }, now }, cfg);
      await tx.$executeRaw`
        UPDATE "AgentAssignment" SET "outcome" = ${ASSIGNMENT.released}, "endedAt" = ${now}
        WHERE "callId" = ${callId} AND "agentId" = ${agent.id} AND "outcome" = ${ASSIGNMENT.pending}`;
      return moved !== null;
    });
    if (released) freed.push(agent.id);
  }

  const [stale] = await db.$transaction([
    db.call.updateMany({
      where: {
        status: "QUEUED",
        OR: [{ endedAt: { not: null } }, { queuedAt: null }, { queuedAt: { lt: staleQueueCutoff(cfg, now) } }],
      },
      data: { status: "ABANDONED" },
    }),
  ]);

  if (freed.length > 0) markAgentsDirty(db, freed);
  notify(opts, [
    ...freed.map((agentId) => ({ event: "agent.changed" as const, agentId, status: "AVAILABLE" })),
    ...(stale.count > 0 ? [{ event: "queue.changed" as const, status: "reconciled" }] : []),
  ]);
  return { released: freed.length, dequeued: stale.count };
}
