// Call history: one page of calls matching the filters, newest first, and one call's full timeline.
import type { Db } from "../db/client";
import { direct } from "../db/direct";
import { Prisma } from "../db/sql";
import { encodeCursor, type CallHistoryQuery } from "./call-history-query";
import { asDate, asDateOrNull, asIntOrNull, beyondSql, callFilterSql } from "./call-filter-sql";
import { loadDecisions } from "./load-live-floor";
import { callCentreZone } from "./time";

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

/** One page of calls, newest first: keyset paging (any page costs what the first does) and a count capped at COUNT_LIMIT. */
export async function loadCallHistory(db: Db, q: CallHistoryQuery, zone = callCentreZone()) {
  const sql = direct(db);
  const dir = q.cursor ? (q.dir === "prev" ? "prev" : "next") : q.dir === "last" ? "last" : "first";
  const newestFirst = dir === "first" || dir === "next";
  const filter = callFilterSql(q, zone);
  const pageWhere = q.cursor ? Prisma.sql`${filter} AND ${beyondSql(q.cursor, dir === "next")}` : filter;
  const order = Prisma.raw(newestFirst ? `c."startedAt" DESC, c."id" DESC` : `c."startedAt" ASC, c."id" ASC`);
  const [[counted], found] = await Promise.all([
    sql.$queryRaw<Array<{ n: unknown }>>`
      SELECT COUNT(*) AS "n" FROM (SELECT 1 AS "x" FROM "Call" c WHERE ${callFilterSql(q, zone, "in")} LIMIT ${COUNT_LIMIT + 1}) t`,
    sql.$queryRaw<Array<Record<string, unknown>>>`
      SELECT c."id", c."callUuid", CAST(c."direction" AS TEXT) AS "direction", c."from", c."to", CAST(c."status" AS TEXT) AS "status",
        CAST(c."step" AS TEXT) AS "step", c."languageCode", c."agentId", a."name" AS "agentName", f."rating",
        c."startedAt", c."endedAt", c."duration", c."agentTalkSeconds"
      FROM "Call" c LEFT JOIN "Agent" a ON a."id" = c."agentId" LEFT JOIN "Feedback" f ON f."callId" = c."id"
      WHERE ${pageWhere} ORDER BY ${order} LIMIT ${q.pageSize + 1}`,
  ]);
  const capped = Number(counted?.n ?? 0);
  const more = found.length > q.pageSize;
  const page = found.slice(0, q.pageSize);
  const calls = newestFirst ? page : page.reverse();
  const rows: HistoryRow[] = calls.map((c) => ({
    id: String(c.id),
    callUuid: String(c.callUuid),
    direction: String(c.direction),
    from: String(c.from),
    to: String(c.to),
    status: String(c.status),
    step: String(c.step),
    languageCode: (c.languageCode as string | null) ?? null,
    agent: c.agentId && c.agentName !== null ? { id: String(c.agentId), name: String(c.agentName) } : null,
    rating: asIntOrNull(c.rating),
    startedAt: asDate(c.startedAt).toISOString(),
    endedAt: asDateOrNull(c.endedAt)?.toISOString() ?? null,
    durationSeconds: asIntOrNull(c.duration),
    talkSeconds: asIntOrNull(c.agentTalkSeconds),
  }));
  const first = rows[0];
  const last = rows.at(-1);
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
    nextCursor: hasOlder && last ? encodeCursor({ startedAt: new Date(last.startedAt), id: last.id }) : null,
    prevCursor: hasNewer && first ? encodeCursor({ startedAt: new Date(first.startedAt), id: first.id }) : null,
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
