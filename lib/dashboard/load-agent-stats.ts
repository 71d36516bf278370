// The JSON shape of GET /api/agent-stats: every agent with totals, and per language their heap rank and terms.
import type { Db } from "../db/client";
import { loadBoard } from "./load-board";
import { callCentreZone } from "./time";

export async function loadAgentStats(db: Db, now = new Date(), zone = callCentreZone()) {
  const [board, agents] = await Promise.all([loadBoard(db, now, zone), db.agent.findMany({ orderBy: { name: "asc" } })]);
  // One pass over the board instead of a search of every language's rows per agent (500 agents: 500 x 1,000 finds).
  const callsToday = new Map<string, number>();
  const perAgent = new Map<string, Array<{ code: string; rank: number | null; available: boolean; nextUp: boolean; terms: (typeof board)[number]["agents"][number]["terms"] }>>();
  for (const lang of board) {
    for (const row of lang.agents) {
      callsToday.set(row.id, row.callsToday);
      const list = perAgent.get(row.id) ?? [];
      list.push({ code: lang.code, rank: row.rank, available: row.available, nextUp: lang.nextUp?.id === row.id, terms: row.terms });
      perAgent.set(row.id, list);
    }
  }
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
      callsToday: callsToday.get(a.id) ?? 0,
      languages: perAgent.get(a.id) ?? [],
    })),
  };
}
