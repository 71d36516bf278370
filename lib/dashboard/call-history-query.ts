// Filters for call history, shared by the History page (search params) and GET /api/call-history (query string).
// Empty form fields arrive as "", which means "no filter".
import { z } from "zod";
import { isoDay } from "./analytics-period";
import { CALL_STATUSES } from "./call-statuses";

const blank = (v: unknown) => (v === "" || v === null ? undefined : v);

export const callHistoryQuery = z
  .object({
    page: z.preprocess(blank, z.coerce.number({ error: "page must be a number" }).int("page must be a whole number").min(1, "page starts at 1").max(100_000).default(1)),
    pageSize: z.preprocess(blank, z.coerce.number({ error: "pageSize must be a number" }).int().min(1, "pageSize must be 1-100").max(100, "pageSize must be 1-100").default(25)),
    language: z.preprocess(blank, z.string().trim().min(1).max(16).optional()),
    agentId: z.preprocess(blank, z.string().trim().min(1).max(64).optional()),
    status: z.preprocess(blank, z.enum(CALL_STATUSES, `status must be one of ${CALL_STATUSES.join(", ")}`).optional()),
    rating: z.preprocess(blank, z.coerce.number({ error: "rating must be 1-4" }).int("rating must be 1-4").min(1, "rating must be 1-4").max(4, "rating must be 1-4").optional()),
    from: z.preprocess(blank, isoDay.optional()),
    to: z.preprocess(blank, isoDay.optional()),
  })
  .strict()
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: "from must be on or before to", path: ["from"] });

export type CallHistoryQuery = z.infer<typeof callHistoryQuery>;

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
