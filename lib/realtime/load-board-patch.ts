// The board's partial re-fetch (GET /api/live/board): the rows of the agents a tab names and the state counts,
// read by primary key, so its cost is the few rows a signal touched, not the floor. It ranks nobody: an agent's
// rank depends on every other agent's score, which is what the page's full refresh computes (load-board.ts).
import type { Db } from "../db/client";
import { sweepExpiredWrapUps } from "../agent-state/transitions";
import { callsTodaySql, loadStateCounts } from "../dashboard/load-board";
import { toCount } from "../db/sql";
import { callCentreZone, startOfToday, startOfTomorrow } from "../dashboard/time";
import { resolveConfig } from "../routing/config";
import { agentSelect, recentCallCounts, toCandidate } from "../routing/agent-pool";
import type { BoardPatch, BoardRowData } from "./board-row";
import type { BoardPatchQuery } from "./live-patch";

const select = {
  ...agentSelect,
  coachingFlag: true,
  currentCallId: true,
  stateSince: true,
  notReadyReasonRef: { select: { label: true } },
  skills: { select: { skill: true, proficiency: true } },
} as const;

async function readAgents(db: Db, ids: string[]) {
  return db.agent.findMany({ where: { id: { in: ids } }, select });
}

export async function loadBoardPatch(db: Db, query: BoardPatchQuery, now = new Date(), zone = callCentreZone()): Promise<BoardPatch> {
  const ids = [...new Set(query.agents)];
  const [agentsRead, counts] = await Promise.all([
    ids.length > 0 ? readAgents(db, ids) : Promise.resolve([]),
    query.counts ? loadStateCounts(db) : Promise.resolve(null),
  ]);
  let agents = agentsRead;
  // The board never shows a wrap-up that ran out (the page's render ends them the same way, board-states.ts).
  if (agents.some((a) => a.status === "WRAP_UP" && a.wrapUpUntil !== null && a.wrapUpUntil <= now)) {
    await sweepExpiredWrapUps(db, now);
    agents = await readAgents(db, ids);
  }
  const cfg = resolveConfig();
  const callIds = agents.map((a) => a.currentCallId).filter((id): id is string => id !== null);
  const [recent, today, calls] = await Promise.all([
    recentCallCounts(db, cfg, now, { agentIds: ids }),
    // Today's calls per agent as the page counts them: a closed range on Call(agentConnectedAt, agentId), whose
    // cost is today's calls (an agentId filter let SQLite walk each agent's whole history instead: load-board.ts).
    ids.length > 0 ? db.$queryRaw<Array<{ agentId: string | null; n: bigint | number }>>(callsTodaySql(startOfToday(now, zone), startOfTomorrow(now, zone))) : Promise.resolve([]),
    callIds.length > 0 ? db.call.findMany({ where: { id: { in: callIds } }, select: { id: true, from: true, step: true } }) : Promise.resolve([]),
  ]);
  const todayOf = new Map(today.map((r) => [r.agentId, toCount(r.n)]));
  const callOf = new Map(calls.map((c) => [c.id, c]));
  const rows = new Map<string, BoardRowData>(
    agents.map((a) => [
      a.id,
      {
        id: a.id,
        name: a.name,
        status: a.status,
        reason: a.notReadyReasonRef?.label ?? null,
        stateSince: a.stateSince.toISOString(),
        wrapUpUntil: a.wrapUpUntil?.toISOString() ?? null,
        coachingFlag: a.coachingFlag,
        skills: [...a.skills].sort((x, y) => y.proficiency - x.proficiency || x.skill.localeCompare(y.skill)),
        callsToday: todayOf.get(a.id) ?? 0,
        terms: toCandidate(a, recent.get(a.id) ?? 0, cfg).terms,
        currentCall: a.currentCallId && callOf.has(a.currentCallId) ? callOf.get(a.currentCallId)! : null,
      },
    ]),
  );
  return {
    asOf: now.getTime(),
    agents: ids.map((id) => rows.get(id) ?? { id, gone: true as const }),
    ...(counts ? { counts: { floor: counts.floor, byLanguage: Object.fromEntries(counts.byLanguage) } } : {}),
  };
}
