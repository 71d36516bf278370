// rankAgents: the dashboard's agent board for one language, read fresh from the database (not the routing
// cache): available agents in heap order ("next up" is rank 1), then unavailable agents, rank null, by score.
import type { Db } from "../db/client";
import { agentSelect, recentCallCounts, toCandidate } from "./agent-pool";
import { type RoutingOptions, resolveConfig } from "./config";
import { MinHeap } from "./min-heap";
import { type Candidate, candidateLess } from "./score";
import type { AgentScoreTerms } from "./types";

export type RankedAgent = {
  agentId: string;
  name: string;
  status: string;
  rank: number | null;
  available: boolean;
  terms: AgentScoreTerms;
};

export async function rankAgents(db: Db, languageCode: string, opts: RoutingOptions = {}): Promise<RankedAgent[]> {
  const cfg = resolveConfig(opts.config);
  const now = opts.now ?? new Date();
  const [agents, recent] = await Promise.all([
    db.agent.findMany({
      where: { languages: { some: { languageCode } } },
      select: agentSelect,
    }),
    recentCallCounts(db, cfg, now, { languageCode }),
  ]);
  const status = new Map(agents.map((a) => [a.id, a.status]));
  const candidates = agents.map((a) => toCandidate(a, recent.get(a.id) ?? 0, cfg));
  const available = new MinHeap<Candidate>(
    (c) => c.agentId,
    candidateLess,
    candidates.filter((c) => status.get(c.agentId) === "AVAILABLE"),
  );
  const others = candidates
    .filter((c) => status.get(c.agentId) !== "AVAILABLE")
    .sort((a, b) => (candidateLess(a, b) ? -1 : candidateLess(b, a) ? 1 : 0));
  const row = (c: Candidate, rank: number | null): RankedAgent => ({
    agentId: c.agentId,
    name: c.name,
    status: status.get(c.agentId) ?? "OFFLINE",
    rank,
    available: rank !== null,
    terms: c.terms,
  });
  return [...available.toSortedArray().map((c, i) => row(c, i + 1)), ...others.map((c) => row(c, null))];
}
