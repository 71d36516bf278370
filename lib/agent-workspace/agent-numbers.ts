// The agent's own numbers: calls today, average handle time, rating and CSAT over 7 days, and their place in the
// routing order per language with the score terms that put them there ("why you are next").
import type { Db } from "../db/client";
import { startOfToday } from "../dashboard/time";
import { rankAgents } from "../routing/index";
import type { AgentScoreTerms } from "../routing/types";

export type AgentNumbers = {
  callsToday: number;
  avgHandleSeconds: number | null;
  avgRating7d: number | null;
  csat7d: number | null;
  ratings7d: number;
  routing: Array<{ language: string; rank: number | null; of: number; terms: AgentScoreTerms }>;
};

export async function loadAgentNumbers(db: Db, agentId: string, languages: string[], now = new Date()): Promise<AgentNumbers> {
  const weekAgo = new Date(now.getTime() - 7 * 24 * 3600 * 1000);
  const [callsToday, talk, ratings, ranked] = await Promise.all([
    db.agentAssignment.count({ where: { agentId, outcome: "ANSWERED", assignedAt: { gte: startOfToday(now) } } }),
    db.call.aggregate({ where: { agentId, agentConnectedAt: { gte: weekAgo }, agentTalkSeconds: { not: null } }, _avg: { agentTalkSeconds: true } }),
    db.feedback.findMany({ where: { agentId, createdAt: { gte: weekAgo } }, select: { rating: true }, take: 10_000 }),
    Promise.all(languages.map(async (language) => ({ language, rows: await rankAgents(db, language) }))),
  ]);
  const sum = ratings.reduce((s, r) => s + r.rating, 0);
  return {
    callsToday,
    avgHandleSeconds: talk._avg.agentTalkSeconds ?? null,
    avgRating7d: ratings.length ? sum / ratings.length : null,
    csat7d: ratings.length ? ratings.filter((r) => r.rating >= 3).length / ratings.length : null,
    ratings7d: ratings.length,
    routing: ranked.flatMap(({ language, rows }) => {
      const me = rows.find((r) => r.agentId === agentId);
      return me ? [{ language, rank: me.rank, of: rows.filter((r) => r.rank !== null).length, terms: me.terms }] : [];
    }),
  };
}
