// The agent board: per language, every agent serving it in heap order (next up first) with the live score terms
// from lib/routing, plus what routing does not track: coaching flag, calls today and the call an agent is on.
import type { Db } from "../db/client";
import { rankAgents, type AgentScoreTerms } from "../routing";
import { startOfToday } from "./time";

export type BoardAgent = {
  id: string;
  name: string;
  phone: string;
  status: string;
  coachingFlag: boolean;
  languages: string[];
  callsToday: number;
  rank: number | null;
  available: boolean;
  terms: AgentScoreTerms;
  currentCall: { id: string; from: string; step: string } | null;
};

export type BoardLanguage = { code: string; name: string; agents: BoardAgent[]; nextUp: BoardAgent | null };

export async function loadBoard(db: Db, now = new Date()): Promise<BoardLanguage[]> {
  const [languages, agents, today] = await Promise.all([
    db.language.findMany({ where: { enabled: true }, orderBy: { menuDigit: "asc" } }),
    db.agent.findMany({ include: { languages: { select: { languageCode: true } } } }),
    db.call.groupBy({ by: ["agentId"], where: { agentConnectedAt: { gte: startOfToday(now) }, agentId: { not: null } }, _count: { _all: true } }),
  ]);
  const callIds = agents.map((a) => a.currentCallId).filter((id): id is string => id !== null);
  const current = await db.call.findMany({ where: { id: { in: callIds } }, select: { id: true, from: true, step: true } });
  const callById = new Map(current.map((c) => [c.id, c]));
  const agentById = new Map(agents.map((a) => [a.id, a]));
  const todayByAgent = new Map(today.map((row) => [row.agentId, row._count._all]));

  return Promise.all(
    languages.map(async (lang) => {
      const ranked = await rankAgents(db, lang.code);
      const rows: BoardAgent[] = [];
      for (const r of ranked) {
        const a = agentById.get(r.agentId);
        if (!a) continue;
        const call = a.currentCallId ? callById.get(a.currentCallId) : undefined;
        rows.push({
          id: a.id,
          name: a.name,
          phone: a.phone,
          status: a.status,
          coachingFlag: a.coachingFlag,
          languages: a.languages.map((l) => l.languageCode).sort(),
          callsToday: todayByAgent.get(a.id) ?? 0,
          rank: r.rank,
          available: r.available,
          terms: r.terms,
          currentCall: call ? { id: call.id, from: call.from, step: call.step } : null,
        });
      }
      return { code: lang.code, name: lang.name, agents: rows, nextUp: rows.find((r) => r.available && r.rank !== null) ?? null };
    }),
  );
}
