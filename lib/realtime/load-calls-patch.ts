// The live-calls page's partial re-fetch (GET /api/live/calls): the calls a tab names (each as its row, or gone
// once it ended), the queue and the open callbacks when asked, the latest routing decisions after an assignment.
// Calls are read by primary key; the others are the same small reads the page makes (load-live-floor.ts).
import type { Db } from "../db/client";
import {
  ACTIVE_STATUSES,
  loadDecisions,
  toCallbackView,
  toLiveCall,
  type CallbackView,
  type DecisionView,
  type LiveCall,
  type QueuedCaller,
} from "../dashboard/load-live-floor";
import { listQueue } from "../routing";
import { listOpenCallbacks } from "../routing/callbacks/manage-callbacks";
import { estimateWait } from "../routing/wait-estimate";
import type { CallsPatchQuery } from "./live-patch";

export type CallsPatch = {
  asOf: number;
  calls: Array<LiveCall | { id: string; gone: true }>;
  queue?: QueuedCaller[];
  callbacks?: CallbackView[];
  decisions?: DecisionView[];
};

const ACTIVE = new Set<string>(ACTIVE_STATUSES);
const languageNames = async (db: Db) => new Map((await db.language.findMany({ select: { code: true, name: true } })).map((l) => [l.code, l.name]));

async function loadCallbacks(db: Db): Promise<CallbackView[]> {
  const [open, names] = await Promise.all([listOpenCallbacks(db), languageNames(db)]);
  return open.map((c) => toCallbackView(c, names));
}

async function loadQueue(db: Db): Promise<QueuedCaller[]> {
  const queue = await listQueue(db);
  if (queue.length === 0) return [];
  const [calls, nameOf] = await Promise.all([
    db.call.findMany({ where: { id: { in: queue.map((q) => q.callId) } }, select: { id: true, from: true, customer: { select: { priority: true } } } }),
    languageNames(db),
  ]);
  const callOf = new Map(calls.map((c) => [c.id, c]));
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
  const [calls, queue, callbacks, decisions] = await Promise.all([
    ids.length > 0
      ? db.call.findMany({ where: { id: { in: ids } }, include: { agent: { select: { id: true, name: true } }, language: { select: { name: true } } } })
      : Promise.resolve([]),
    query.queue ? loadQueue(db) : Promise.resolve(undefined),
    query.callbacks ? loadCallbacks(db) : Promise.resolve(undefined),
    query.decisions ? loadDecisions(db) : Promise.resolve(undefined),
  ]);
  const live = new Map<string, LiveCall>(calls.filter((c) => ACTIVE.has(c.status)).map((c) => [c.id, toLiveCall(c)]));
  return {
    asOf: now.getTime(),
    calls: ids.map((id) => live.get(id) ?? { id, gone: true as const }),
    ...(queue ? { queue } : {}),
    ...(callbacks ? { callbacks } : {}),
    ...(decisions ? { decisions } : {}),
  };
}
