// The audit page's read model: newest first, filtered by supervisor (email), action and day range, keyset-paged
// on (at, id) so a page costs the same however long the log grows. Dates are UTC days (YYYY-MM-DD).
import { z } from "zod";
import type { Db } from "../db/client";
import { AUDIT_ACTIONS } from "./record-audit";

export const AUDIT_PAGE_SIZE = 50;

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Use a date like 2026-11-29").refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)), "Not a real date");

export const auditFilters = z.object({
  actor: z.string().trim().toLowerCase().max(254).optional(),
  action: z.enum(AUDIT_ACTIONS).optional(),
  from: day.optional(),
  to: day.optional(),
  cursor: z.string().max(200).optional(),
});
export type AuditFilters = z.infer<typeof auditFilters>;

export type AuditRow = { id: string; at: Date; actorEmail: string | null; action: string; target: string | null; detail: string | null; ip: string | null };

export function encodeCursor(row: { at: Date; id: string }): string {
  return Buffer.from(`${row.at.toISOString()}|${row.id}`).toString("base64url");
}

function decodeCursor(cursor: string): { at: Date; id: string } | null {
  const [at, id] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  const date = at ? new Date(at) : null;
  return date && !Number.isNaN(date.getTime()) && id ? { at: date, id } : null;
}

export async function listAudit(db: Db, filters: AuditFilters, pageSize = AUDIT_PAGE_SIZE): Promise<{ rows: AuditRow[]; nextCursor: string | null }> {
  const after = filters.cursor ? decodeCursor(filters.cursor) : null;
  const at: { gte?: Date; lt?: Date } = {};
  if (filters.from) at.gte = new Date(`${filters.from}T00:00:00Z`);
  if (filters.to) at.lt = new Date(new Date(`${filters.to}T00:00:00Z`).getTime() + 86_400_000);
  const rows = await db.auditEvent.findMany({
    where: {
      ...(filters.actor ? { actorEmail: filters.actor } : {}),
      ...(filters.action ? { action: filters.action } : {}),
      ...(at.gte || at.lt ? { at } : {}),
      ...(after ? { OR: [{ at: { lt: after.at } }, { at: after.at, id: { lt: after.id } }] } : {}),
    },
    orderBy: [{ at: "desc" }, { id: "desc" }],
    take: pageSize + 1,
    select: { id: true, at: true, actorEmail: true, action: true, target: true, detail: true, ip: true },
  });
  const page = rows.slice(0, pageSize);
  const last = page.at(-1);
  return { rows: page, nextCursor: rows.length > pageSize && last ? encodeCursor(last) : null };
}
