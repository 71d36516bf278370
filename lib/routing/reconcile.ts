// reconcile: the safety net that keeps routing from getting stuck. Frees agents held by calls that have ended or
// no longer exist (a lost hangup webhook, a crashed instance), and drops queue entries whose caller is gone or
// stopped polling. Runs on a schedule (/api/cron/reconcile); releaseCall does the same for one call on hangup.
import type { Db } from "../db/client";
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
    const released = await db.$transaction(async (tx) => {
      // Conditional on the state we read, so an agent claimed for a new call meanwhile is left alone.
      const r = await tx.agent.updateMany({
        where: { id: agent.id, currentCallId: callId, status: agent.status },
        data: { currentCallId: null, ...(agent.status === "BUSY" ? { status: "AVAILABLE", idleSince: now } : {}) },
      });
      if (callId) {
        await tx.agentAssignment.updateMany({
          where: { callId, agentId: agent.id, outcome: ASSIGNMENT.pending },
          data: { outcome: ASSIGNMENT.released, endedAt: now },
        });
      }
      return r.count > 0 && agent.status === "BUSY";
    });
    if (released) freed.push(agent.id);
  }

  const stale = await db.call.updateMany({
    where: {
      status: "QUEUED",
      OR: [{ endedAt: { not: null } }, { queuedAt: null }, { queuedAt: { lt: staleQueueCutoff(cfg, now) } }],
    },
    data: { status: "ABANDONED" },
  });

  if (freed.length > 0) markAgentsDirty(db, freed);
  notify(opts, [
    ...freed.map((agentId) => ({ event: "agent.changed" as const, agentId, status: "AVAILABLE" })),
    ...(stale.count > 0 ? [{ event: "queue.changed" as const, status: "reconciled" }] : []),
  ]);
  return { released: freed.length, dequeued: stale.count };
}
