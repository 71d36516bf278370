// The JSON shape of GET /api/agent-stats: every agent with totals, and per language their heap rank and terms.
import type { Db } from "../db/client";
import { loadBoard } from "./load-board";

export async function loadAgentStats(db: Db, now = new Date()) {
  const [board, agents] = await Promise.all([loadBoard(db, now), db.agent.findMany({ orderBy: { name: "asc" } })]);
  return {
    generatedAt: now.toISOString(),
    agents: agents.map((a) => ({
      id: a.id,
      name: a.name,
      phone: a.phone,
      status: a.status,
      coachingFlag: a.coachingFlag,
      totalCalls: a.totalCalls,
      avgCallDuration: a.avgCallDuration,
      avgRating: a.ratingCount > 0 ? a.ratingSum / a.ratingCount : null,
      ratingCount: a.ratingCount,
      callsToday: board.flatMap((l) => l.agents).find((b) => b.id === a.id)?.callsToday ?? 0,
      languages: board
        .map((l) => ({ lang: l, row: l.agents.find((b) => b.id === a.id) }))
        .filter((x) => x.row !== undefined)
        .map(({ lang, row }) => ({ code: lang.code, rank: row!.rank, available: row!.available, nextUp: lang.nextUp?.id === a.id, terms: row!.terms })),
    })),
  };
}
