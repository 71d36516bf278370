// Live calls and queue: every call still in progress with its IVR step and time in step, callers waiting with
// their position, and the latest routing decisions with the candidates and score terms behind each choice.
import type { Db } from "../db/client";
import type { Call } from "../generated/prisma/client";
import { listQueue } from "../routing";
import { listOpenCallbacks, type OpenCallback } from "../routing/callbacks/manage-callbacks";
import { estimateWait } from "../routing/wait-estimate";

export const ACTIVE_STATUSES = ["RINGING", "IN_IVR", "QUEUED", "CONNECTING", "CONNECTED"] as const;

export type LiveCall = {
  id: string;
  callUuid: string;
  direction: string;
  from: string;
  to: string;
  status: string;
  step: string;
  language: string | null;
  agent: { id: string; name: string } | null;
  startedAt: string;
  stepEnteredAt: string;
};

export type QueuedCaller = {
  callId: string;
  from: string;
  language: string;
  position: number;
  queuedAt: string;
  priority: number; // #19: Customer.priority 0-3
  requiredSkill: string | null; // #19: the line they wait in (with the language)
  /** #18: what this caller is told now (null: nobody staffed, no honest estimate). */
  estimateSeconds: number | null;
};

/** #18: an open queued callback (pending, being dialled, connected). */
export type CallbackView = {
  id: string;
  phone: string;
  language: string;
  status: string;
  placeAt: string;
  attempts: number;
  maxAttempts: number;
  nextAttemptAt: string;
  lastResult: string | null;
  mergedRequests: number;
  originCallId: string;
};

export type DecisionView = {
  id: string;
  callId: string;
  caller: string;
  languageCode: string;
  outcome: string;
  chosenAgentName: string | null;
  candidateCount: number;
  claimAttempts: number;
  durationMicros: number;
  createdAt: string;
  requiredSkill: string | null; // #19
  priority: number; // #19
  reason: string | null; // #19: "preferred agent", "waiting for preferred agent"
  candidates: Array<{
    agentId: string;
    agentName: string;
    rank: number;
    score: number;
    recentCalls: number;
    avgDuration: number;
    avgRating: number;
    ratingCount: number;
    claimed: boolean;
    exploration: number; // score points subtracted while the agent's rating is uncertain (#19)
    proficiency: number | null; // #19: in the caller's required skill
    skillPoints: number; // #19: score points subtracted for it
  }>;
};

export async function loadDecisions(db: Db, where: { callId?: string } = {}, take = 12): Promise<DecisionView[]> {
  const decisions = await db.routingDecision.findMany({
    where,
    orderBy: { createdAt: "desc" },
    take,
    include: {
      call: { select: { from: true } },
      chosenAgent: { select: { name: true } },
      candidates: { orderBy: { rank: "asc" }, include: { agent: { select: { name: true } } } },
    },
  });
  return decisions.map((d) => ({
    id: d.id,
    callId: d.callId,
    caller: d.call.from,
    languageCode: d.languageCode,
    outcome: d.outcome,
    chosenAgentName: d.chosenAgent?.name ?? null,
    candidateCount: d.candidateCount,
    claimAttempts: d.claimAttempts,
    durationMicros: d.durationMicros,
    createdAt: d.createdAt.toISOString(),
    requiredSkill: d.requiredSkill,
    priority: d.priority,
    reason: d.reason,
    candidates: d.candidates.map((c) => ({
      agentId: c.agentId,
      agentName: c.agent.name,
      rank: c.rank,
      score: c.score,
      recentCalls: c.recentCalls,
      avgDuration: c.avgDuration,
      avgRating: c.avgRating,
      ratingCount: c.ratingCount,
      claimed: c.claimed,
      exploration: c.exploration,
      proficiency: c.proficiency,
      skillPoints: c.skillPoints,
    })),
  }));
}

type CallRow = Pick<Call, "id" | "callUuid" | "direction" | "from" | "to" | "status" | "step" | "startedAt" | "stepEnteredAt"> & {
  language: { name: string } | null;
  agent: { id: string; name: string } | null;
};

/** A call in progress as the page shows it (also the live page's partial re-fetch, lib/realtime/load-calls-patch.ts). */
export function toLiveCall(c: CallRow): LiveCall {
  return {
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
  };
}

/** An open callback as the page shows it; `languages` maps codes to names. */
export function toCallbackView(c: OpenCallback, languages: ReadonlyMap<string, string>): CallbackView {
  return {
    id: c.id,
    phone: c.phone,
    language: languages.get(c.languageCode) ?? c.languageCode,
    status: c.status,
    placeAt: new Date(c.placeAt).toISOString(),
    attempts: Number(c.attempts),
    maxAttempts: Number(c.maxAttempts),
    nextAttemptAt: new Date(c.nextAttemptAt).toISOString(),
    lastResult: c.lastResult,
    mergedRequests: Number(c.mergedRequests),
    originCallId: c.originCallId,
  };
}

export async function loadLiveFloor(db: Db) {
  const [calls, queue, decisions, openCallbacks] = await Promise.all([
    db.call.findMany({
      where: { status: { in: [...ACTIVE_STATUSES] } },
      orderBy: { startedAt: "asc" },
      include: {
        agent: { select: { id: true, name: true } },
        language: { select: { name: true } },
        customer: { select: { priority: true } },
      },
    }),
    listQueue(db),
    loadDecisions(db),
    listOpenCallbacks(db),
  ]);
  const live: LiveCall[] = calls.map(toLiveCall);
  const callFrom = new Map(calls.map((c) => [c.id, c.from]));
  const callPriority = new Map(calls.map((c) => [c.id, c.customer?.priority ?? 0]));
  const languages = new Map((await db.language.findMany()).map((l) => [l.code, l.name]));
  const waiting: QueuedCaller[] = await Promise.all(
    queue.map(async (q) => ({
      callId: q.callId,
      from: callFrom.get(q.callId) ?? "unknown",
      language: languages.get(q.languageCode) ?? q.languageCode,
      position: q.position,
      queuedAt: q.queuedAt.toISOString(),
      priority: callPriority.get(q.callId) ?? 0,
      requiredSkill: q.requiredSkill,
      estimateSeconds: (await estimateWait(db, { languageCode: q.languageCode, position: q.position }).catch(() => null))?.seconds ?? null,
    })),
  );
  const callbacks: CallbackView[] = openCallbacks.map((c) => toCallbackView(c, languages));
  return { live, waiting, decisions, callbacks };
}
