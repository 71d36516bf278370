// The live-calls page's partial re-fetch (GET /api/live/calls): the calls a tab names (each as its row, or gone
// once it ended), the queue when it changed, the latest routing decisions after an assignment. Calls are read by
// primary key; the queue and the decisions are the same small reads the page makes (load-live-floor.ts).
import type { Db } from "../db/client";
import { ACTIVE_STATUSES, loadDecisions, type DecisionView, type LiveCall, type QueuedCaller } from "../dashboard/load-live-floor";
import { listQueue } from "../routing";
import { estimateWait } from "../routing/wait-estimate";
import type { CallsPatchQuery } from "./live-patch";

export type CallsPatch = {
  asOf: number;
  calls: Array<LiveCall | { id: string; gone: true }>;
  queue?: QueuedCaller[];
  decisions?: DecisionView[];
};

const ACTIVE = new Set<string>(ACTIVE_STATUSES);

async function loadQueue(db: Db): Promise<QueuedCaller[]> {
  const queue = await listQueue(db);
  if (queue.length === 0) return [];
  const [calls, languages] = await Promise.all([
    db.call.findMany({ where: { id: { in: queue.map((q) => q.callId) } }, select: { id: true, from: true, customer: { select: { priority: true } } } }),
    db.language.findMany({ select: { code: true, name: true } }),
  ]);
  const callOf = new Map(calls.map((c) => [c.id, c]));
  const nameOf = new Map(languages.map((l) => [l.code, l.name]));
  return Promise.all(
    queue.map(async (q) => ({
      callId: q.callId,
      from: callOf.get(q.callId)?.from ?? "unknown",
      language: nameOf.get(q.languageCode) ?? q.languageCode,
      position: q.position,
      queuedAt: q.queuedAt.toISOString(),
      priority: callOf.get(q.callId)?.customer?.priority ?? 0,
      requiredSkill: q.requiredSkill,
      estimateSeconds: (await estimateWait(db, { languageCode: q.languageCode, position: q.position }).catch(() => null))?.seconds ?? null,
    })),
  );
}

export async function loadCallsPatch(db: Db, query: CallsPatchQuery, now = new Date()): Promise<CallsPatch> {
  const ids = [...new Set(query.calls)];
  const [calls, queue, decisions] = await Promise.all([
    ids.length > 0
      ? db.call.findMany({ where: { id: { in: ids } }, include: { agent: { select: { id: true, name: true } }, language: { select: { name: true } } } })
      : Promise.resolve([]),
    query.queue ? loadQueue(db) : Promise.resolve(undefined),
    query.decisions ? loadDecisions(db) : Promise.resolve(undefined),
  ]);
  const live = new Map<string, LiveCall>(
    calls
      .filter((c) => ACTIVE.has(c.status))
      .map((c) => [
        c.id,
        {
          id: c.id,
          callUuid: c.callUuid,
          direction: c.direction,
          from: c.from,
          to: c.to,
          status: c.status,
          step: c.step,
          language: c.language?.name ?? null,
          agent: c.agent,
          startedAt: c.startedAt.toISOString(),
          stepEnteredAt: c.stepEnteredAt.toISOString(),
        },
      ]),
  );
  return {
    asOf: now.getTime(),
    calls: ids.map((id) => live.get(id) ?? { id, gone: true as const }),
    ...(queue ? { queue } : {}),
    ...(decisions ? { decisions } : {}),
  };
}
