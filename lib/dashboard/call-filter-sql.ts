// The call-history filters as SQL over "Call" c, shared by the history page and API (keyset pages, a capped count)
// and the calls CSV export (keyset batches). Raw SQL rather than the ORM's where because of the rating filter: the ORM
// writes it `c.id IN (SELECT callId FROM Feedback WHERE rating = ?)`, which SQLite answers by reading every rated
// call of that rating and sorting the matches (0.65 s at 1,000,000 calls for one page), where a correlated EXISTS
// lets it walk the (filter, startedAt, id) index newest first and stop after a page (2 ms). A count has no order to
// keep, and there the IN form is the fast one (the rating's index read once: 0.17 s against 0.9 s for EXISTS).
import { DateTime } from "luxon";
import { Prisma } from "../db/sql";
import type { CallHistoryQuery, HistoryCursor } from "./call-history-query";
import { startOfDay } from "./time";

export type CallFilters = Pick<CallHistoryQuery, "language" | "agentId" | "status" | "rating" | "from" | "to">;

/** The filters as one SQL condition on alias c (`1 = 1` when none); `ratingAs` as explained above. */
export function callFilterSql(q: CallFilters, zone: string, ratingAs: "exists" | "in" = "exists"): Prisma.Sql {
  const parts: Prisma.Sql[] = [];
  if (q.language) parts.push(Prisma.sql`c."languageCode" = ${q.language}`);
  if (q.agentId) parts.push(Prisma.sql`c."agentId" = ${q.agentId}`);
  if (q.status) parts.push(Prisma.sql`c."status" = ${q.status}`);
  if (q.rating) {
    parts.push(
      ratingAs === "in"
        ? Prisma.sql`c."id" IN (SELECT "callId" FROM "Feedback" WHERE "rating" = ${q.rating})`
        : Prisma.sql`EXISTS (SELECT 1 FROM "Feedback" fr WHERE fr."callId" = c."id" AND fr."rating" = ${q.rating})`,
    );
  }
  // Dates are whole days in the call centre's zone; "to" includes the whole day (a DST day is 23 or 25 hours).
  if (q.from) parts.push(Prisma.sql`c."startedAt" >= ${startOfDay(q.from, zone)!}`);
  if (q.to) parts.push(Prisma.sql`c."startedAt" < ${DateTime.fromJSDate(startOfDay(q.to, zone)!, { zone }).plus({ days: 1 }).toJSDate()}`);
  return parts.length === 0 ? Prisma.sql`1 = 1` : Prisma.join(parts, " AND ");
}

/**
 * Rows strictly after (older than) or before (newer than) a position in the newest-first order. The plain bound on
 * startedAt lets the database seek in its (filter, startedAt, id) index instead of scanning from the newest row.
 */
export function beyondSql(c: HistoryCursor, older: boolean): Prisma.Sql {
  return older
    ? Prisma.sql`c."startedAt" <= ${c.startedAt} AND (c."startedAt" < ${c.startedAt} OR c."id" < ${c.id})`
    : Prisma.sql`c."startedAt" >= ${c.startedAt} AND (c."startedAt" > ${c.startedAt} OR c."id" > ${c.id})`;
}

/** A timestamp from a raw row (Date from both drivers; a string tolerated). */
export const asDate = (v: unknown): Date => (v instanceof Date ? v : new Date(String(v)));
export const asDateOrNull = (v: unknown): Date | null => (v === null || v === undefined ? null : asDate(v));
export const asIntOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
