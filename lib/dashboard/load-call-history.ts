// Call history: one page of calls matching the filters, newest first, and one call's full timeline.
import type { Db } from "../db/client";
import type { Prisma } from "../generated/prisma/client";
import type { CallHistoryQuery } from "./call-history-query";
import { loadDecisions } from "./load-live-floor";

export type HistoryRow = {
  id: string;
  callUuid: string;
  direction: string;
  from: string;
  to: string;
  status: string;
  step: string;
  languageCode: string | null;
  agent: { id: string; name: string } | null;
  rating: number | null;
  startedAt: string;
  endedAt: string | null;
  durationSeconds: number | null;
  talkSeconds: number | null;
};

function whereOf(q: CallHistoryQuery): Prisma.CallWhereInput {
  const where: Prisma.CallWhereInput = {};
  if (q.language) where.languageCode = q.language;
  if (q.agentId) where.agentId = q.agentId;
  if (q.status) where.status = q.status;
  if (q.rating) where.feedback = { is: { rating: q.rating } };
  if (q.from || q.to) {
    where.startedAt = {};
    // Dates are whole days in the server's zone; "to" includes the whole day.
    if (q.from) where.startedAt.gte = new Date(`${q.from}T00:00:00`);
    if (q.to) where.startedAt.lt = new Date(new Date(`${q.to}T00:00:00`).getTime() + 86_400_000);
  }
  return where;
}

export async function loadCallHistory(db: Db, q: CallHistoryQuery) {
  const where = whereOf(q);
  const [total, calls] = await Promise.all([
    db.call.count({ where }),
    db.call.findMany({
      where,
      orderBy: [{ startedAt: "desc" }, { id: "desc" }],
      skip: (q.page - 1) * q.pageSize,
      take: q.pageSize,
      include: { agent: { select: { id: true, name: true } }, feedback: { select: { rating: true } } },
    }),
  ]);
  const rows: HistoryRow[] = calls.map((c) => ({
    id: c.id,
    callUuid: c.callUuid,
    direction: c.direction,
    from: c.from,
    to: c.to,
    status: c.status,
    step: c.step,
    languageCode: c.languageCode,
    agent: c.agent,
    rating: c.feedback?.rating ?? null,
    startedAt: c.startedAt.toISOString(),
    endedAt: c.endedAt?.toISOString() ?? null,
    durationSeconds: c.duration,
    talkSeconds: c.agentTalkSeconds,
  }));
  return { rows, total, page: q.page, pageSize: q.pageSize, pages: Math.max(1, Math.ceil(total / q.pageSize)) };
}

export type TimelineEvent = { id: number; type: string; at: string; detail: Record<string, unknown> | string | null };

function parseDetail(detail: string | null): TimelineEvent["detail"] {
  if (detail === null) return null;
  try {
    const value: unknown = JSON.parse(detail);
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : detail;
  } catch {
    return detail;
  }
}

export async function loadCallDetail(db: Db, callId: string) {
  const call = await db.call.findUnique({
    where: { id: callId },
    include: {
      agent: { select: { id: true, name: true } },
      language: { select: { name: true } },
      feedback: true,
      events: { orderBy: [{ at: "asc" }, { id: "asc" }] },
    },
  });
  if (!call) return null;
  const decisions = await loadDecisions(db, { callId }, 50);
  const events: TimelineEvent[] = call.events.map((e) => ({ id: e.id, type: e.type, at: e.at.toISOString(), detail: parseDetail(e.detail) }));
  return { call, events, decisions };
}
