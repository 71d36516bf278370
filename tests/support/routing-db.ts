// A routing test file's database: its own client on the per-file database, emptied of routing rows before each
// test (so tests stand alone, in any order), with the pool cache cleared.
import { afterAll, beforeEach } from "vitest";
import { createPrismaClient, tuneSqlite } from "../../lib/db/client";
import { clearPools } from "../../lib/routing/agent-pool";
import { assignAgent } from "../../lib/routing";
import { ensureLanguages, testOptions } from "./routing-fixtures";

export function routingTestDb() {
  const url = process.env.DATABASE_URL!;
  const db = createPrismaClient(url);
  afterAll(() => db.$disconnect());
  beforeEach(async () => {
    await tuneSqlite(db, url);
    await db.routingCandidate.deleteMany();
    await db.routingDecision.deleteMany();
    await db.feedback.deleteMany();
    await db.agentAssignment.deleteMany();
    await db.call.deleteMany();
    await db.customer.deleteMany();
    await db.agent.deleteMany();
    await ensureLanguages(db);
    clearPools(db);
  });
  /** Route a call that must get an agent. */
  async function assignOrThrow(callId: string, opts = testOptions().opts) {
    const result = await assignAgent(db, { callId, languageCode: "en" }, opts);
    if (result.kind !== "assigned") throw new Error(`expected an agent, got ${JSON.stringify(result)}`);
    return result;
  }
  return { db, assignOrThrow };
}

export const minutesAgo = (m: number, from = new Date()) => new Date(from.getTime() - m * 60_000);
