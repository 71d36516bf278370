// The routing cache's database reads (issue #20): a pool build and the re-read of agents this process changed are one
// statement each (statements sent in parallel each hold a pooled connection), and they hold exactly what a fresh
// build of every pool holds: claimable agents of the language (and skill) with their recent calls, proficiency and
// stats. Runs on SQLite, and on PostgreSQL with TEST_DATABASE=postgres.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countStatementsIn, resetStatementCounts, setStatementCounting, statementSnapshot } from "../db/statement-count";
import { clearPools, getPool, markAgentsDirty, type LanguagePool } from "./agent-pool";
import { resolveConfig } from "./config";
import { minutesAgo, routingTestDb } from "../../tests/support/routing-db";
import { createAgent, createCall } from "../../tests/support/routing-fixtures";

const { db } = routingTestDb();
const cfg = resolveConfig({ cacheTtlMs: 60_000, wrapUpSeconds: 0 });

beforeAll(() => setStatementCounting(true));
afterAll(() => setStatementCounting(false));

/** Statements `fn` sends. */
async function statementsOf(fn: () => Promise<unknown>): Promise<number> {
  resetStatementCounts();
  await countStatementsIn("probe", fn);
  return statementSnapshot().byKey.probe?.statements ?? 0;
}

function contents(pool: LanguagePool) {
  return Object.fromEntries(
    pool.heap.topK(pool.heap.size).map((c) => [c.agentId, { recentCalls: c.terms.recentCalls, proficiency: c.terms.proficiency ?? null, score: c.terms.score }]),
  );
}

async function assignment(agentId: string, assignedAt: Date, outcome: "ANSWERED" | "NO_ANSWER" | "RELEASED" = "ANSWERED") {
  const call = await createCall(db);
  await db.agentAssignment.create({ data: { agentId, callId: call.id, assignedAt, outcome } });
}

const KEYS = [
  ["en", null],
  ["es", null],
  ["en", "billing"],
] as const;

async function freshPools(now: Date) {
  clearPools(db);
  const out: Record<string, ReturnType<typeof contents>> = {};
  for (const [lang, skill] of KEYS) out[`${lang}|${skill}`] = contents(await getPool(db, lang, cfg, now, undefined, skill));
  return out;
}

describe("agent pool reads", () => {
  it("builds a pool in one statement with each claimable agent's recent non-miss calls in the window", async () => {
    const now = new Date();
    const busy = await createAgent(db);
    const a = await createAgent(db, { skills: [{ skill: "billing", proficiency: 4 }] });
    const b = await createAgent(db, { languages: ["en", "es"] });
    await createAgent(db, { status: "NOT_READY" });
    await createAgent(db, { languages: ["es"] });
    await assignment(a.id, minutesAgo(5, now));
    await assignment(a.id, minutesAgo(10, now), "RELEASED");
    await assignment(a.id, minutesAgo(15, now), "NO_ANSWER"); // a miss: not a recent call
    await assignment(a.id, minutesAgo(cfg.recentWindowMinutes + 5, now)); // outside the window
    await assignment(b.id, minutesAgo(1, now));
    await db.agent.update({ where: { id: busy.id }, data: { status: "BUSY" } });

    let pool: LanguagePool | undefined;
    expect(await statementsOf(async () => (pool = await getPool(db, "en", cfg, now)))).toBe(1);
    expect(Object.fromEntries(Object.entries(contents(pool!)).map(([id, c]) => [id, c.recentCalls]))).toEqual({ [a.id]: 2, [b.id]: 1 });

    let billing: LanguagePool | undefined;
    expect(await statementsOf(async () => (billing = await getPool(db, "en", cfg, now, undefined, "billing")))).toBe(1);
    expect(contents(billing!)).toEqual({ [a.id]: expect.objectContaining({ recentCalls: 2, proficiency: 4 }) });
  });

  it("re-reads changed agents in one statement and leaves every cached pool as a fresh build would", async () => {
    const now = new Date();
    const stays = await createAgent(db, { languages: ["en", "es"], skills: [{ skill: "billing", proficiency: 2 }, { skill: "sales", proficiency: 3 }] });
    const goesAway = await createAgent(db, { languages: ["en", "es"], skills: [{ skill: "billing", proficiency: 3 }] });
    const comesBack = await createAgent(db, { status: "BUSY", skills: [{ skill: "billing", proficiency: 1 }] });
    const losesEs = await createAgent(db, { languages: ["en", "es"] });
    const gainsSkill = await createAgent(db);
    const untouched = await createAgent(db, { languages: ["es"] });
    const before = await freshPools(now); // caches the three pools
    expect(Object.keys(before["en|billing"]!).sort()).toEqual([stays.id, goesAway.id].sort());

    // Changes behind the cache, then marked dirty as this process's own writes do.
    await db.agent.update({ where: { id: goesAway.id }, data: { status: "NOT_READY" } });
    await db.agent.update({ where: { id: comesBack.id }, data: { status: "AVAILABLE", ratingSum: 12, ratingCount: 3 } });
    await db.agentLanguage.delete({ where: { agentId_languageCode: { agentId: losesEs.id, languageCode: "es" } } });
    await db.agentSkill.create({ data: { agentId: gainsSkill.id, skill: "billing", proficiency: 5 } });
    await assignment(stays.id, minutesAgo(2, now));
    await assignment(stays.id, minutesAgo(3, now), "NO_ANSWER");
    markAgentsDirty(db, [stays.id, goesAway.id, comesBack.id, losesEs.id, gainsSkill.id]);

    const refreshed: Record<string, ReturnType<typeof contents>> = {};
    const sent = await statementsOf(async () => {
      for (const [lang, skill] of KEYS) refreshed[`${lang}|${skill}`] = contents(await getPool(db, lang, cfg, now, undefined, skill));
    });
    expect(sent).toBe(1); // the pools are fresh (TTL): only the re-read
    expect(refreshed).toEqual(await freshPools(now));
    expect(Object.keys(refreshed["en|billing"]!).sort()).toEqual([stays.id, comesBack.id, gainsSkill.id].sort());
    expect(Object.keys(refreshed["es|null"]!).sort()).toEqual([stays.id, untouched.id].sort());
    expect(refreshed["en|null"]![stays.id]!.recentCalls).toBe(1);
  });

  it("drops a changed agent that no longer exists from every pool", async () => {
    const now = new Date();
    const gone = await createAgent(db, { languages: ["en", "es"] });
    await freshPools(now);
    await db.agent.delete({ where: { id: gone.id } });
    markAgentsDirty(db, [gone.id]);
    for (const [lang, skill] of KEYS) expect(contents(await getPool(db, lang, cfg, now, undefined, skill))[gone.id]).toBeUndefined();
  });
});
