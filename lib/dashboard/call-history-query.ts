// Filters for call history, shared by the History page (search params), GET /api/call-history and the calls CSV export.
// Empty form fields arrive as "", which means "no filter".
import { z } from "zod";
import { isoDay } from "./analytics-period";
import { CALL_STATUSES } from "./call-statuses";

const blank = (v: unknown) => (v === "" || v === null ? undefined : v);

const filters = {
    language: z.preprocess(blank, z.string().trim().min(1).max(16).optional()),
    agentId: z.preprocess(blank, z.string().trim().min(1).max(64).optional()),
    status: z.preprocess(blank, z.enum(CALL_STATUSES, `status must be one of ${CALL_STATUSES.join(", ")}`).optional()),
    rating: z.preprocess(blank, z.coerce.number({ error: "rating must be 1-4" }).int("rating must be 1-4").min(1, "rating must be 1-4").max(4, "rating must be 1-4").optional()),
    from: z.preprocess(blank, isoDay.optional()),
    to: z.preprocess(blank, isoDay.optional()),
};

export const callHistoryQuery = z
  .object({
    page: z.preprocess(blank, z.coerce.number({ error: "page must be a number" }).int("page must be a whole number").min(1, "page starts at 1").max(100_000).default(1)),
    pageSize: z.preprocess(blank, z.coerce.number({ error: "pageSize must be a number" }).int().min(1, "pageSize must be 1-100").max(100, "pageSize must be 1-100").default(25)),
    ...filters,
    // Keyset paging: the last row seen (opaque, from a previous answer) and which way to go from it.
    cursor: z.preprocess(blank, z.string().max(200).transform((v, ctx) => decodeCursor(v) ?? (ctx.addIssue({ code: "custom", message: "cursor is not one this server gave" }), z.NEVER)).optional()),
    dir: z.preprocess(blank, z.enum(["next", "prev", "last"], "dir must be next, prev or last").optional()),
  })
  .strict()
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: "from must be on or before to", path: ["from"] });

export type CallHistoryQuery = z.infer<typeof callHistoryQuery>;

/** The calls CSV export: the history filters, or an analytics period as `days` (today / 7 / 30 / 90). */
export const callExportQuery = z
  .object({
    ...filters,
    days: z.preprocess(blank, z.coerce.number({ error: "days must be one of 1, 7, 30, 90" }).refine((d) => [1, 7, 30, 90].includes(d), "days must be one of 1, 7, 30, 90").optional()),
  })
  .strict()
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: "from must be on or before to", path: ["from"] })
  .refine((q) => !(q.days && (q.from || q.to)), { message: "give either days or from/to, not both", path: ["days"] });

export type CallExportQuery = z.infer<typeof callExportQuery>;

/** A position in the newest-first order of calls: (startedAt, id) of a row. */
export type HistoryCursor = { startedAt: Date; id: string };

export function encodeCursor(c: HistoryCursor): string {
  return Buffer.from(JSON.stringify([c.startedAt.toISOString(), c.id])).toString("base64url");
}

export function decodeCursor(value: string): HistoryCursor | null {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(value, "base64url").toString("utf8"));
    if (!Array.isArray(parsed) || parsed.length !== 2 || typeof parsed[0] !== "string" || typeof parsed[1] !== "string") return null;
    const startedAt = new Date(parsed[0]);
    return Number.isNaN(startedAt.getTime()) || parsed[1].length > 64 ? null : { startedAt, id: parsed[1] };
  } catch {
    return null;
  }
}

/** URLSearchParams or Next's searchParams object to a plain record (first value of repeated keys). */
export function searchParamsRecord(params: URLSearchParams | Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  if (params instanceof URLSearchParams) {
    for (const [k, v] of params) if (!(k in out)) out[k] = v;
  } else {
    for (const [k, v] of Object.entries(params)) {
      const first = Array.isArray(v) ? v[0] : v;
      if (first !== undefined) out[k] = first;
    }
  }
  return out;
}
