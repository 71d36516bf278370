// CSV exports for supervisors: the period's calls (one row each) and a per-agent summary. The calls export is a
// pull-driven ReadableStream: it reads the next batch of rows by keyset (startedAt, id) only when the client has
// taken the previous one, so a year of calls never sits in memory. csv-stringify quotes fields; guarding against
// formula injection (a cell a spreadsheet would evaluate) is ours: text starting with = + - @ tab or CR gets a
// leading apostrophe.
import { stringify } from "csv-stringify/sync";
import { DateTime } from "luxon";
import type { Db } from "../db/client";
import { direct } from "../db/direct";
import type { AnalyticsPeriod } from "./analytics-period";
import { asDate, asDateOrNull, asIntOrNull, beyondSql, callFilterSql, type CallFilters } from "./call-filter-sql";
import { num, secondsBetween, ts, type Provider } from "./sql-buckets";
import { Prisma as P } from "../db/sql";

const FORMULA_START = /^[=+\-@\t\r]/;

/** A text cell a spreadsheet will show as text, never evaluate. Numbers and empty cells pass through. */
export function safeCell(value: string | number | null | undefined): string | number {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return value;
  return FORMULA_START.test(value) ? `'${value}` : value;
}

const csvLine = (cells: Array<string | number | null | undefined>) => stringify([cells.map(safeCell)], { quoted_match: /[",\r\n]/ });

export const CALL_COLUMNS = [
  "call_id", "started_at", "ended_at", "direction", "caller", "called", "status", "ivr_step", "hangup_cause",
  "language", "agent", "agent_id", "rating", "wait_seconds", "talk_seconds", "duration_seconds",
] as const;

export type CallsExportOptions = { batchSize?: number; zone: string; onBatch?: (rows: number) => void };

const localTime = (d: Date | null, zone: string) => (d ? DateTime.fromJSDate(d, { zone }).toISO({ suppressMilliseconds: true }) : null);

/**
 * The calls matching the filters, oldest first, as a CSV stream read in keyset batches on (startedAt, id) on demand:
 * one SQL statement per batch with the agent's name and the rating joined in (no per-row query, no ORM mapping).
 */
export function exportCallsCsv(db: Db, filters: CallFilters, opts: CallsExportOptions): ReadableStream<Uint8Array> {
  const batchSize = opts.batchSize ?? 2000;
  const encoder = new TextEncoder();
  const filter = callFilterSql(filters, opts.zone);
  let after: { startedAt: Date; id: string } | null = null;
  let headerSent = false;
  let done = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!headerSent) {
        headerSent = true;
        controller.enqueue(encoder.encode(csvLine([...CALL_COLUMNS])));
        return;
      }
      if (done) return controller.close();
      const where = after ? P.sql`${filter} AND ${beyondSql(after, false)}` : filter;
      const page = await direct(db).$queryRaw<Array<Record<string, unknown>>>`
        SELECT c."id", c."startedAt", c."endedAt", CAST(c."direction" AS TEXT) AS "direction", c."from", c."to",
          CAST(c."status" AS TEXT) AS "status", CAST(c."step" AS TEXT) AS "step", c."hangupCause", c."languageCode",
          a."name" AS "agentName", c."agentId", f."rating", c."routedAt", c."agentConnectedAt", c."agentTalkSeconds", c."duration"
        FROM "Call" c LEFT JOIN "Agent" a ON a."id" = c."agentId" LEFT JOIN "Feedback" f ON f."callId" = c."id"
        WHERE ${where} ORDER BY c."startedAt" ASC, c."id" ASC LIMIT ${batchSize}`;
      opts.onBatch?.(page.length);
      if (page.length < batchSize) done = true;
      const last = page.at(-1);
      if (last) after = { startedAt: asDate(last.startedAt), id: String(last.id) };
      let chunk = "";
      for (const c of page) {
        const routedAt = asDateOrNull(c.routedAt);
        const connectedAt = asDateOrNull(c.agentConnectedAt);
        const wait = routedAt && connectedAt ? Math.max(0, (connectedAt.getTime() - routedAt.getTime()) / 1000) : null;
        const text = (v: unknown) => (v === null || v === undefined ? null : String(v));
        chunk += csvLine([
          String(c.id), localTime(asDate(c.startedAt), opts.zone), localTime(asDateOrNull(c.endedAt), opts.zone), text(c.direction), text(c.from),
          text(c.to), text(c.status), text(c.step), text(c.hangupCause), text(c.languageCode), text(c.agentName), text(c.agentId),
          asIntOrNull(c.rating), wait, asIntOrNull(c.agentTalkSeconds), asIntOrNull(c.duration),
        ]);
      }
      if (chunk) controller.enqueue(encoder.encode(chunk));
      if (done) controller.close();
    },
  });
}

export const AGENT_COLUMNS = ["agent_id", "agent", "calls_answered", "talk_seconds_avg", "wait_seconds_avg", "ratings", "rating_avg", "csat_percent"] as const;

/** One row per agent who answered or was rated in the period: a GROUP BY per table, agents x 2 rows in memory. */
export async function exportAgentsCsv(db: Db, period: AnalyticsPeriod): Promise<string> {
  const provider = (await direct(db).provider()) as Provider;
  const range = (col: P.Sql) => P.sql`${col} >= ${ts(period.start, provider)} AND ${col} < ${ts(period.end, provider)}`;
  const wait = secondsBetween(P.sql`"agentConnectedAt"`, P.sql`"routedAt"`, provider);
  const [calls, ratings, agents] = await Promise.all([
    direct(db).$queryRaw<Array<Record<string, unknown>>>`
      SELECT "agentId", COUNT(*) AS "n", AVG("agentTalkSeconds") AS "talk",
        AVG(CASE WHEN "routedAt" IS NULL THEN NULL WHEN ${wait} < 0 THEN 0 ELSE ${wait} END) AS "wait"
      FROM "Call" WHERE "agentId" IS NOT NULL AND "agentConnectedAt" IS NOT NULL AND ${range(P.sql`"startedAt"`)}
      GROUP BY "agentId"`,
    direct(db).$queryRaw<Array<Record<string, unknown>>>`
      SELECT "agentId", COUNT(*) AS "n", AVG("rating") AS "avg", SUM(CASE WHEN "rating" >= 3 THEN 1 ELSE 0 END) AS "good"
      FROM "Feedback" WHERE "agentId" IS NOT NULL AND ${range(P.sql`"createdAt"`)}
      GROUP BY "agentId"`,
    db.agent.findMany({ select: { id: true, name: true }, orderBy: { name: "asc" } }),
  ]);
  const callsBy = new Map(calls.map((r) => [String(r.agentId), r]));
  const ratingsBy = new Map(ratings.map((r) => [String(r.agentId), r]));
  const round = (v: number | null, digits: number) => (v === null ? null : Math.round(v * 10 ** digits) / 10 ** digits);
  let out = csvLine([...AGENT_COLUMNS]);
  for (const a of agents) {
    const c = callsBy.get(a.id);
    const r = ratingsBy.get(a.id);
    if (!c && !r) continue;
    const n = num(r?.n) ?? 0;
    out += csvLine([
      a.id, a.name, num(c?.n) ?? 0, round(num(c?.talk), 1), round(num(c?.wait), 1), n, round(num(r?.avg), 2),
      n === 0 ? null : round(((num(r?.good) ?? 0) / n) * 100, 1),
    ]);
  }
  return out;
}
