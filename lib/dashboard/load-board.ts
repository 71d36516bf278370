// The agent board: per language, every agent serving it in heap order (next up first) with the live score terms
// from lib/routing, plus what routing does not track: coaching flag, calls today and the call an agent is on.
import type { Db } from "../db/client";
import { direct } from "../db/direct";
import { Prisma, toCount } from "../db/sql";
import { rankAgents, type AgentScoreTerms } from "../routing";
import { callCentreZone, startOfToday, startOfTomorrow } from "./time";

export type BoardAgent = {
  id: string;
  name: string;
  phone: string;
  status: string;
  coachingFlag: boolean;
  languages: string[];
  skills: Array<{ skill: string; proficiency: number }>; // #19, best first
  callsToday: number;
  rank: number | null;
  available: boolean;
  terms: AgentScoreTerms;
  currentCall: { id: string; from: string; step: string } | null;
};

export type BoardLanguage = { code: string; name: string; agents: BoardAgent[]; nextUp: BoardAgent | null };

/**
 * Today's agent-connected calls as a closed range [local midnight, next local midnight) on
 * Call(agentConnectedAt, agentId), so its cost is today's calls, not the history. Both bounds matter: with only
 * `>=` plus `agentId IS NOT NULL` and GROUP BY agentId, SQLite's planner walked Call(agentId) over every call ever
 * (3-7 s at 200,000 calls); a closed range is estimated small enough that it reads the covering index instead.
 * Calls without an agent are grouped under NULL and dropped here rather than filtered in SQL, for the same reason.
 */
export function callsTodaySql(from: Date, to: Date): Prisma.Sql {
  return Prisma.sql`SELECT "agentId", COUNT(*) AS "n" FROM "Call"
    WHERE "agentConnectedAt" >= ${from} AND "agentConnectedAt" < ${to} GROUP BY "agentId"`;
}

async function callsTodayByAgent(db: Db, now: Date, zone: string): Promise<Map<string, number>> {
  const from = startOfToday(now, zone);
  const to = startOfTomorrow(now, zone);
  const rows = await db.$queryRaw<Array<{ agentId: string | null; n: bigint | number }>>(callsTodaySql(from, to));
  return new Map(rows.filter((r) => r.agentId !== null).map((r) => [r.agentId as string, toCount(r.n)]));
}

/**
 * Every agent with its languages, in raw SQL: the ORM's findMany with `include` took 70-120 ms for 500 agents
 * (per-row mapping in Prisma's client), a third of the board's time.
 */
async function boardAgents(db: Db) {
  const sql = direct(db);
  const [rows, langs, skillRows] = await Promise.all([
    sql.$queryRaw<Array<{ id: string; name: string; phone: string; status: string; coachingFlag: boolean | number; currentCallId: string | null }>>`
      SELECT "id", "name", "phone", CAST("status" AS TEXT) AS "status", "coachingFlag", "currentCallId" FROM "Agent"`,
    sql.$queryRaw<Array<{ agentId: string; languageCode: string }>>`SELECT "agentId", "languageCode" FROM "AgentLanguage"`,
    sql.$queryRaw<Array<{ agentId: string; skill: string; proficiency: number | bigint }>>`SELECT "agentId", "skill", "proficiency" FROM "AgentSkill"`,
  ]);
  const skillsOf = new Map<string, Array<{ skill: string; proficiency: number }>>();
  for (const k of skillRows) {
    const list = skillsOf.get(k.agentId) ?? [];
    list.push({ skill: k.skill, proficiency: Number(k.proficiency) });
    skillsOf.set(k.agentId, list);
  }
  const byAgent = new Map<string, Array<{ languageCode: string }>>();
  for (const l of langs) {
    const list = byAgent.get(l.agentId) ?? [];
    list.push({ languageCode: l.languageCode });
    byAgent.set(l.agentId, list);
  }
  return rows.map((a) => ({ ...a, coachingFlag: Boolean(a.coachingFlag), languages: byAgent.get(a.id) ?? [], skills: skillsOf.get(a.id) ?? [] }));
}

export async function loadBoard(db: Db, now = new Date(), zone = callCentreZone()): Promise<BoardLanguage[]> {
  const [languages, agents, today] = await Promise.all([
    db.language.findMany({ where: { enabled: true }, orderBy: { menuDigit: "asc" } }),
    boardAgents(db),
    callsTodayByAgent(db, now, zone),
  ]);
  const callIds = agents.map((a) => a.currentCallId).filter((id): id is string => id !== null);
  const current = await db.call.findMany({ where: { id: { in: callIds } }, select: { id: true, from: true, step: true } });
  const callById = new Map(current.map((c) => [c.id, c]));
  const agentById = new Map(agents.map((a) => [a.id, a]));
  const todayByAgent = today;

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
          skills: [...a.skills].sort((x, y) => y.proficiency - x.proficiency || x.skill.localeCompare(y.skill)),
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

export type StateCounts = Record<string, number>;

/**
 * Agents per state, floor-wide and per language, from two GROUP BYs (what a supervisor needs at a glance however
 * many rows the board's pages show). Bilingual agents count once per language and once floor-wide.
 */
export async function loadStateCounts(db: Db): Promise<{ floor: StateCounts; byLanguage: Map<string, StateCounts> }> {
  const [floorRows, langRows] = await Promise.all([
    db.$queryRaw<Array<{ status: string; n: bigint | number }>>(Prisma.sql`SELECT CAST("status" AS TEXT) AS "status", COUNT(*) AS "n" FROM "Agent" GROUP BY "status"`),
    db.$queryRaw<Array<{ code: string; status: string; n: bigint | number }>>(Prisma.sql`SELECT al."languageCode" AS "code", CAST(a."status" AS TEXT) AS "status", COUNT(*) AS "n"
      FROM "AgentLanguage" al JOIN "Agent" a ON a."id" = al."agentId" GROUP BY al."languageCode", a."status"`),
  ]);
  const floor: StateCounts = {};
  for (const r of floorRows) floor[r.status] = toCount(r.n);
  const byLanguage = new Map<string, StateCounts>();
  for (const r of langRows) {
    const counts = byLanguage.get(r.code) ?? {};
    counts[r.status] = toCount(r.n);
    byLanguage.set(r.code, counts);
  }
  return { floor, byLanguage };
}
