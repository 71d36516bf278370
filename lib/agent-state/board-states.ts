// What the supervisors' board shows of each agent's state: status, reason and since when (wrap-ups that ran out
// are ended first, so the board never shows an expired wrap-up), plus the reasons a supervisor can force.
import type { Db } from "../db/client";
import { direct } from "../db/direct";
import { sweepExpiredWrapUps } from "./transitions";

export type BoardState = { status: string; reason: string | null; stateSince: string; wrapUpUntil: string | null };

export async function loadBoardStates(db: Db, now = new Date()) {
  await sweepExpiredWrapUps(db, now);
  // Raw SQL: the ORM's findMany with the reason relation took 40-150 ms for 500 agents (Prisma's per-row mapping).
  const [agents, reasons] = await Promise.all([
    direct(db).$queryRaw<Array<{ id: string; status: string; stateSince: Date | string; wrapUpUntil: Date | string | null; label: string | null }>>`
      SELECT a."id", CAST(a."status" AS TEXT) AS "status", a."stateSince", a."wrapUpUntil", r."label"
      FROM "Agent" a LEFT JOIN "NotReadyReason" r ON r."code" = a."notReadyReason"`,
    db.notReadyReason.findMany({ orderBy: { sortOrder: "asc" }, select: { code: true, label: true } }),
  ]);
  const iso = (d: Date | string) => new Date(d).toISOString();
  const states = new Map<string, BoardState>(
    agents.map((a) => [
      a.id,
      { status: a.status, reason: a.label ?? null, stateSince: iso(a.stateSince), wrapUpUntil: a.wrapUpUntil === null ? null : iso(a.wrapUpUntil) },
    ]),
  );
  return { states, reasons };
}
