// Read model for agent listings (home page and dashboard): agents with their languages and derived averages.
import type { Db } from "../db/client";

export type AgentRow = {
  id: string;
  name: string;
  phone: string;
  status: string;
  languages: string[];
  totalCalls: number;
  avgCallDuration: number;
  avgRating: number | null;
  ratingCount: number;
  coachingFlag: boolean;
};

export async function listAgents(db: Db): Promise<AgentRow[]> {
  const agents = await db.agent.findMany({
    include: { languages: { select: { languageCode: true } } },
    orderBy: { name: "asc" },
  });
  return agents.map((a) => ({
    id: a.id,
    name: a.name,
    phone: a.phone,
    status: a.status,
    languages: a.languages.map((l) => l.languageCode).sort(),
    totalCalls: a.totalCalls,
    avgCallDuration: a.avgCallDuration,
    avgRating: a.ratingCount > 0 ? a.ratingSum / a.ratingCount : null,
    ratingCount: a.ratingCount,
    coachingFlag: a.coachingFlag,
  }));
}
