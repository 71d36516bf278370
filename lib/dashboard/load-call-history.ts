// Call history: one page of calls matching the filters, newest first, and one call's full timeline.
import type { Db } from "../db/client";
import type { Prisma } from "../generated/prisma/client";
import { DateTime } from "luxon";
import { encodeCursor, type CallHistoryQuery, type HistoryCursor } from "./call-history-query";
import { loadDecisions } from "./load-live-floor";
import { callCentreZone, startOfDay } from "./time";

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

/** Beyond this many matches the page says "more than N" instead of counting every row. */
export const COUNT_LIMIT = 10_000;

export function whereOf(q: Pick<CallHistoryQuery, "language" | "agentId" | "status" | "rating" | "from" | "to">, zone: string): Prisma.CallWhereInput {
  const where: Prisma.CallWhereInput = {};
  if (q.language) where.languageCode = q.language;
  if (q.agentId) where.agentId = q.agentId;
  if (q.status) where.status = q.status;
  if (q.rating) where.feedback = { is: { rating: q.rating } };
  if (q.from || q.to) {
    where.startedAt = {};
    // Dates are whole days in the call centre's zone; "to" includes the whole day (a DST day is 23 or 25 hours).
    if (q.from) where.startedAt.gte = startOfDay(q.from, zone)!;
    if (q.to) where.startedAt.lt = DateTime.fromJSDate(startOfDay(q.to, zone)!, { zone }).plus({ days: 1 }).toJSDate();
  }
  return where;
}

/**
 * Rows strictly after (older than) or before (newer than) a cursor in the newest-first order. The plain bound on
 * startedAt lets the database seek in its (filter, startedAt, id) index instead of scanning from the newest row.
 */
function beyond(c: HistoryCursor, older: boolean): Prisma.CallWhereInput {
  return older
    ? { startedAt: { lte: c.startedAt }, OR: [{ startedAt: { lt: c.startedAt } }, { id: { lt: c.id } }] }
    : { startedAt: { gte: c.startedAt }, OR: [{ startedAt: { gt: c.startedAt } }, { id: { gt: c.id } }] };
}

/** One page of calls, newest first: keyset paging (any page costs what the first does) and a count capped at COUNT_LIMIT. */
export async function loadCallHistory(db: Db, q: CallHistoryQuery, zone = callCentreZone()) {
  const where = whereOf(q, zone);
  const dir = q.cursor ? (q.dir === "prev" ? "prev" : "next") : q.dir === "last" ? "last" : "first";
  const newestFirst = dir === "first" || dir === "next";
  const pageWhere = q.cursor ? { AND: [where, beyond(q.cursor, dir === "next")] } : where;
  const order = newestFirst ? ("desc" as const) : ("asc" as const);
  const [capped, found] = await Promise.all([
    db.call.count({ where, take: COUNT_LIMIT + 1 }),
    db.call.findMany({
      where: pageWhere,
      orderBy: [{ startedAt: order }, { id: order }],
      take: q.pageSize + 1,
      include: { agent: { select: { id: true, name: true } }, feedback: { select: { rating: true } } },
    }),
  ]);
  const more = found.length > q.pageSize;
  const page = found.slice(0, q.pageSize);
  const calls = newestFirst ? page : page.reverse();
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
  const first = calls[0];
  const last = calls.at(-1);
  // Older rows exist after this page when it was read newest-first and had more, or when read from a cursor going back.
  const hasOlder = newestFirst ? more : dir === "prev";
  const hasNewer = newestFirst ? dir === "next" : more;
  const total = Math.min(capped, COUNT_LIMIT);
  return {
    rows,
    total,
    /** True when more than `total` calls match (the count stopped at COUNT_LIMIT). */
    totalIsLowerBound: capped > COUNT_LIMIT,
    page: q.page,
    pageSize: q.pageSize,
    pages: capped > COUNT_LIMIT ? null : Math.max(1, Math.ceil(total / q.pageSize)),
    nextCursor: hasOlder && last ? encodeCursor({ startedAt: last.startedAt, id: last.id }) : null,
    prevCursor: hasNewer && first ? encodeCursor({ startedAt: first.startedAt, id: first.id }) : null,
  };
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
