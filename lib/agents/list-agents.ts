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

/** Agents page size: the page renders a bounded number of rows (with their forms) however large the floor is. */
export const AGENTS_PAGE_SIZE = 50;

/** One page of agents by name (`page` from 1), and how many there are. */
export async function listAgents(db: Db, page = 1): Promise<{ rows: AgentRow[]; total: number; page: number; pages: number }> {
  const total = await db.agent.count();
  const pages = Math.max(1, Math.ceil(total / AGENTS_PAGE_SIZE));
  const current = Math.min(Math.max(1, page), pages);
  const agents = await db.agent.findMany({
    include: { languages: { select: { languageCode: true } } },
    orderBy: [{ name: "asc" }, { id: "asc" }],
    skip: (current - 1) * AGENTS_PAGE_SIZE,
    take: AGENTS_PAGE_SIZE,
  });
  const rows = agents.map((a) => ({
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
  return { rows, total, page: current, pages };
}
