// Per-language heaps of claimable agents (AVAILABLE, or a wrap-up that has run out), cached in process memory and refreshed from the database.
//
// Why a cache: loading 10,000 agents through Prisma costs tens of milliseconds, far over the per-decision budget.
// Why it is safe: the cache only proposes candidates. The claim is an atomic conditional update in the database,
// so a stale entry (agent taken by another instance) loses its claim and is dropped, and the next one is tried.
// Freshness: a full rebuild every cacheTtlMs (which also slides the recent-calls window), agents changed by this
// process are re-read before the next decision (markAgentsDirty), and a decision that finds no claimable agent in
// the heap rebuilds it once before queueing the caller when the database (the decision's line statement, queue.ts
// lineAndFloor) says a claimable agent the call has not rung exists, so "queued" is never the product of a stale
// cache alone.
import type { Db } from "../db/client";
import { direct } from "../db/direct";
import { Prisma, sqlList, toCount } from "../db/sql";
import type { Agent, AgentStatus } from "../generated/prisma/client";
import { MISS_OUTCOMES } from "./call-states";
import type { RoutingConfig } from "./config";
import { MinHeap } from "./min-heap";
import { type Candidate, candidateLess, scoreTerms } from "./score";
import { isEffectivelyAvailable } from "../agent-state/states";

/**
 * One heap per routing key: a language, or a language and the skill the caller needs (#19). A skill pool holds only
 * agents with that skill, scored with their proficiency in it; the plain language pool is exactly the seed's.
 */
export type LanguagePool = { languageCode: string; skill: string | null; heap: MinHeap<Candidate>; builtAt: number };

export function poolKey(languageCode: string, skill: string | null): string {
  return skill ? `${languageCode}|${skill}` : languageCode;
}

type DbState = {
  pools: Map<string, LanguagePool>;
  loading: Map<string, Promise<LanguagePool>>;
  dirty: Set<string>;
};

const states = new WeakMap<Db, DbState>();

function stateOf(db: Db): DbState {
  let state = states.get(db);
  if (!state) {
    state = { pools: new Map(), loading: new Map(), dirty: new Set() };
    states.set(db, state);
  }
  return state;
}

/** The agent columns a score needs (the heap here, the board's ranking in rank-agents.ts). */
export const agentSelect = {
  id: true,
  name: true,
  phone: true,
  status: true,
  idleSince: true,
  lastAssignedAt: true, // the round-robin baseline (#19)
  totalCalls: true,
  avgCallDuration: true,
  ratingSum: true,
  ratingCount: true,
  wrapUpUntil: true,
} as const;

/** Assignments per agent in the sliding window that were not misses: one grouped query. */
export async function recentCallCounts(
  db: Db,
  cfg: Pick<RoutingConfig, "recentWindowMinutes">,
  now: Date,
  filter: { agentIds?: string[]; languageCode?: string },
): Promise<Map<string, number>> {
  const since = new Date(now.getTime() - cfg.recentWindowMinutes * 60_000);
  // Raw SQL: a pool rebuild reads every agent of a language (10,000 in the benchmark), where the ORM's per-row
  // mapping alone costs tens of milliseconds (lib/db/sql.ts).
  const byAgent = filter.agentIds
    ? filter.agentIds.length > 0
      ? Prisma.sql`AND s."agentId" IN (${sqlList(filter.agentIds)})`
      : Prisma.sql`AND 1 = 0`
    : Prisma.empty;
  const byLanguage = filter.languageCode
    ? Prisma.sql`AND EXISTS (SELECT 1 FROM "AgentLanguage" l WHERE l."agentId" = s."agentId" AND l."languageCode" = ${filter.languageCode})`
    : Prisma.empty;
  const rows = await direct(db).$queryRaw<Array<{ agentId: string; n: bigint | number }>>`
    SELECT s."agentId", COUNT(*) AS "n" FROM "AgentAssignment" s
    WHERE s."assignedAt" >= ${since} AND s."outcome" NOT IN (${sqlList(MISS_OUTCOMES)}) ${byAgent} ${byLanguage}
    GROUP BY s."agentId"`;
  return new Map(rows.map((r) => [r.agentId, toCount(r.n)]));
}

/**
 * The agents routing may offer a caller: AVAILABLE, or in a wrap-up whose time has run out (evaluated here, so
 * wrap-up ends without a timer that could die with the process). Never BUSY, NOT_READY, OFFLINE or a live wrap-up.
 */
export function claimableAt(now: Date, alias?: string): Prisma.Sql {
  const col = (name: string) => Prisma.raw(alias ? `${alias}."${name}"` : `"${name}"`);
  return Prisma.sql`(${col("status")} = ${"AVAILABLE"} OR (${col("status")} = ${"WRAP_UP"} AND ${col("wrapUpUntil")} <= ${now}))`;
}

/** The same columns as agentSelect, for the raw pool queries. */
const AGENT_COLUMNS = Prisma.raw(Object.keys(agentSelect).map((k) => `a."${k}"`).join(", "));
type SelectedAgent = Pick<Agent, keyof typeof agentSelect>;
type AgentRow = Omit<SelectedAgent, "status">;

export function toCandidate(a: AgentRow, recent: number, cfg: RoutingConfig, proficiency: number | null = null): Candidate {
  return {
    agentId: a.id,
    name: a.name,
    phone: a.phone,
    idleSince: a.idleSince.getTime(),
    terms: scoreTerms(a, recent, cfg, proficiency),
  };
}

/** Only agents with the skill (its proficiency rides along); no filter and no proficiency when none is needed. */
function skillJoin(skill: string | null): { column: Prisma.Sql; join: Prisma.Sql } {
  if (!skill) return { column: Prisma.sql`NULL AS "proficiency"`, join: Prisma.empty };
  return {
    column: Prisma.sql`k."proficiency" AS "proficiency"`,
    join: Prisma.sql`JOIN "AgentSkill" k ON k."agentId" = a."id" AND k."skill" = ${skill}`,
  };
}

/**
 * The window's non-miss assignment count per agent as a column of an agent query (`a` is the agent), so the pool
 * reads agents and their recent calls in one statement: statements sent in parallel each hold a pooled connection,
 * which is what decisions queued for under load on PostgreSQL (issue #20). Same definition as recentCallCounts.
 */
function recentCallsJoin(cfg: Pick<RoutingConfig, "recentWindowMinutes">, now: Date): Prisma.Sql {
  const since = new Date(now.getTime() - cfg.recentWindowMinutes * 60_000);
  return Prisma.sql`LEFT JOIN (SELECT s."agentId", COUNT(*) AS "n" FROM "AgentAssignment" s
      WHERE s."assignedAt" >= ${since} AND s."outcome" NOT IN (${sqlList(MISS_OUTCOMES)}) GROUP BY s."agentId") r ON r."agentId" = a."id"`;
}

async function buildPool(db: Db, languageCode: string, skill: string | null, cfg: RoutingConfig, now: Date): Promise<LanguagePool> {
  const startedAt = Date.now();
  const { column, join } = skillJoin(skill);
  // One statement: the claimable agents of the language (and skill) with their recent calls joined.
  const agents = await direct(db).$queryRaw<Array<SelectedAgent & { proficiency: number | bigint | null; recent: number | bigint | null }>>`
    SELECT ${AGENT_COLUMNS}, ${column}, r."n" AS "recent" FROM "Agent" a ${join} ${recentCallsJoin(cfg, now)}
    WHERE ${claimableAt(now)}
      AND EXISTS (SELECT 1 FROM "AgentLanguage" l WHERE l."agentId" = a."id" AND l."languageCode" = ${languageCode})`;
  const heap = new MinHeap<Candidate>(
    (c) => c.agentId,
    candidateLess,
    agents.map((a) => toCandidate(a, toCount(a.recent), cfg, a.proficiency == null ? null : Number(a.proficiency))),
  );
  return { languageCode, skill, heap, builtAt: startedAt };
}

/**
 * The language's heap, rebuilt when older than cacheTtlMs (or when `freshAfter` is later than its build time),
 * with agents this process changed re-read first. Concurrent callers share one rebuild.
 */
export async function getPool(
  db: Db,
  languageCode: string,
  cfg: RoutingConfig,
  now: Date,
  freshAfter?: number,
  skill: string | null = null,
): Promise<LanguagePool> {
  const state = stateOf(db);
  const key = poolKey(languageCode, skill);
  let pool = state.pools.get(key);
  const stale =
    !pool || Date.now() - pool.builtAt >= cfg.cacheTtlMs || (freshAfter !== undefined && pool.builtAt < freshAfter);
  if (stale) {
    let loading = state.loading.get(key);
    if (!loading) {
      loading = buildPool(db, languageCode, skill, cfg, now).finally(() => state.loading.delete(key));
      state.loading.set(key, loading);
    }
    pool = await loading;
    state.pools.set(key, pool);
  }
  if (state.dirty.size > 0) await refreshDirty(db, state, cfg, now);
  return pool as LanguagePool;
}

/**
 * Re-read the agents this process changed, in one statement (issue #20: it ran four in parallel, each holding a
 * pooled connection, on nearly every decision): a row per agent x language x skill, the languages and skills limited
 * to those of the cached pools (LEFT JOINs: an agent with none of them still comes back, and leaves every heap), the
 * recent calls as a per-agent subquery (the (agentId, assignedAt) index; same definition as recentCallCounts).
 */
async function refreshDirty(db: Db, state: DbState, cfg: RoutingConfig, now: Date) {
  const ids = [...state.dirty];
  state.dirty.clear();
  const pools = [...state.pools.values()];
  const languages = [...new Set(pools.map((p) => p.languageCode))];
  const skills = [...new Set(pools.flatMap((p) => (p.skill ? [p.skill] : [])))];
  const since = new Date(now.getTime() - cfg.recentWindowMinutes * 60_000);
  const languageJoin =
    languages.length > 0
      ? Prisma.sql`LEFT JOIN "AgentLanguage" l ON l."agentId" = a."id" AND l."languageCode" IN (${sqlList(languages)})`
      : Prisma.sql`LEFT JOIN "AgentLanguage" l ON 1 = 0`;
  const skillJoin =
    skills.length > 0
      ? Prisma.sql`LEFT JOIN "AgentSkill" k ON k."agentId" = a."id" AND k."skill" IN (${sqlList(skills)})`
      : Prisma.sql`LEFT JOIN "AgentSkill" k ON 1 = 0`;
  const rows = await direct(db).$queryRaw<
    Array<SelectedAgent & { languageCode: string | null; skill: string | null; proficiency: number | bigint | null; recent: number | bigint }>
  >`
    SELECT ${AGENT_COLUMNS}, l."languageCode", k."skill", k."proficiency",
      (SELECT COUNT(*) FROM "AgentAssignment" s
        WHERE s."agentId" = a."id" AND s."assignedAt" >= ${since} AND s."outcome" NOT IN (${sqlList(MISS_OUTCOMES)})) AS "recent"
    FROM "Agent" a ${languageJoin} ${skillJoin}
    WHERE a."id" IN (${sqlList(ids)})`;
  const byId = new Map<string, { agent: SelectedAgent; recent: number; languages: Set<string>; skills: Map<string, number> }>();
  for (const r of rows) {
    let entry = byId.get(r.id);
    if (!entry) byId.set(r.id, (entry = { agent: r, recent: toCount(r.recent), languages: new Set(), skills: new Map() }));
    if (r.languageCode !== null) entry.languages.add(r.languageCode);
    if (r.skill !== null && r.proficiency !== null) entry.skills.set(r.skill, Number(r.proficiency));
  }
  // Pools cached while the read was in flight are updated too when the read covered their key; any other one keeps
  // what its own build read until its TTL (the claim, not the cache, decides who gets a caller).
  const covered = [...state.pools.values()].filter((p) => languages.includes(p.languageCode) && (p.skill === null || skills.includes(p.skill)));
  for (const id of ids) {
    const entry = byId.get(id);
    for (const pool of covered) {
      const serves = entry?.languages.has(pool.languageCode) ?? false;
      const proficiency = pool.skill ? entry?.skills.get(pool.skill) : null;
      const eligible = serves && (pool.skill === null || proficiency !== undefined);
      if (entry && isEffectivelyAvailable(entry.agent, now) && eligible) {
        pool.heap.push(toCandidate(entry.agent, entry.recent, cfg, proficiency ?? null));
      } else pool.heap.remove(id);
    }
  }
}

/** This process changed these agents (released, rated, missed): re-read them before the next decision. */
/** An agent's status as it is now (for the signal announcing a change to it), or null if the agent is gone. */
export async function agentStatus(db: Db, agentId: string): Promise<AgentStatus | null> {
  const [agent] = await direct(db).$queryRaw<Array<{ status: AgentStatus }>>`SELECT "status" FROM "Agent" WHERE "id" = ${agentId}`;
  return agent?.status ?? null;
}

export function markAgentsDirty(db: Db, agentIds: Iterable<string>): void {
  const state = stateOf(db);
  for (const id of agentIds) state.dirty.add(id);
}

/** The agent is no longer available (claimed here or elsewhere): drop it from every language heap. */
export function dropAgent(db: Db, agentId: string): void {
  for (const pool of stateOf(db).pools.values()) pool.heap.remove(agentId);
}

/** Forget every cached heap for this client (tests and the benchmark use it to measure cold starts). */
export function clearPools(db: Db): void {
  states.delete(db);
}
