// What the supervisors' board shows of each agent's state: status, reason and since when (wrap-ups that ran out
// are ended first, so the board never shows an expired wrap-up), plus the reasons a supervisor can force.
import type { Db } from "../db/client";
import { sweepExpiredWrapUps } from "./transitions";

export type BoardState = { status: string; reason: string | null; stateSince: string; wrapUpUntil: string | null };

export async function loadBoardStates(db: Db, now = new Date()) {
  await sweepExpiredWrapUps(db, now);
  const [agents, reasons] = await Promise.all([
    db.agent.findMany({ select: { id: true, status: true, stateSince: true, wrapUpUntil: true, notReadyReasonRef: { select: { label: true } } } }),
    db.notReadyReason.findMany({ orderBy: { sortOrder: "asc" }, select: { code: true, label: true } }),
  ]);
  const states = new Map<string, BoardState>(
    agents.map((a) => [
      a.id,
      { status: a.status, reason: a.notReadyReasonRef?.label ?? null, stateSince: a.stateSince.toISOString(), wrapUpUntil: a.wrapUpUntil?.toISOString() ?? null },
    ]),
  );
  return { states, reasons };
}
