// Duplicate routing of one call, in parallel (a repeated delivery racing the first, two instances): every request
// answers the same agent, one agent is taken, one decision is recorded, and none fails. On PostgreSQL the loser's
// claim holds its next agent FOR UPDATE while it waits for the call row that the winner's decision record has locked,
// and that record wants KEY SHARE on the same agent (a candidate): a deadlock PostgreSQL breaks by aborting one
// side, which is rerun (claim-agent.ts withRetryableConflicts; decision-record.ts). Randomised rounds; counts printed.
// Runs on SQLite, and on PostgreSQL with TEST_DATABASE=postgres.
import { describe, expect, it } from "vitest";
import { assignAgent } from "./index";
import { routingTestDb } from "../../tests/support/routing-db";
import { createAgent, createCall, testOptions } from "../../tests/support/routing-fixtures";

const { db } = routingTestDb();

describe("duplicate decisions for one call", () => {
  it("answer one agent, take one, record one decision, and never fail, round after round", async () => {
    const rounds = 40;
    let contested = 0;
    for (let round = 0; round < rounds; round++) {
      const agents = 2 + (round % 3);
      for (let i = 0; i < agents; i++) await createAgent(db);
      const call = await createCall(db);
      const { opts } = testOptions();
      const requests = 2 + Math.floor(Math.random() * 2);
      const results = await Promise.all(
        Array.from({ length: requests }, () => assignAgent(db, { callId: call.id, languageCode: "en" }, opts)),
      );
      const [first] = results;
      expect(first?.kind, `round ${round}`).toBe("assigned");
      for (const r of results) expect(r, `round ${round}`).toEqual(first);
      const busy = await db.agent.findMany({ where: { currentCallId: call.id } });
      expect(busy, `round ${round}`).toHaveLength(1);
      const decisions = await db.routingDecision.findMany({ where: { callId: call.id, outcome: "ASSIGNED" } });
      expect(decisions, `round ${round}`).toHaveLength(1);
      if (decisions[0]!.claimAttempts > 1) contested++;
      // Next round on a clean floor: this round's agents leave.
      await db.agent.updateMany({ where: {}, data: { status: "OFFLINE", currentCallId: null } });
    }
    process.stdout.write(`duplicate decisions: ${rounds} rounds, ${contested} where the winner itself lost a claim first\n`);
  }, 120_000);
});
