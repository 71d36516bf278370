// Queue order when the line check rides in the claim's statement (PostgreSQL, issue #20: claim-agent.ts
// claimIfFirstInLine) and when it is its own statement (SQLite, or a returning caller's preferred agent): a newcomer
// whose heap offers a free agent still queues behind a caller already waiting, and the agent is not taken from them.
// Runs on SQLite, and on PostgreSQL with TEST_DATABASE=postgres.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setStatementCounting } from "../db/statement-count";
import { probe } from "../../tests/support/statement-probe";
import { markAgentsDirty } from "./agent-pool";
import { assignAgent } from "./index";
import { routingTestDb } from "../../tests/support/routing-db";
import { createAgent, createCall, testOptions } from "../../tests/support/routing-fixtures";

const { db } = routingTestDb();
const postgres = process.env.TEST_DATABASE === "postgres";

beforeAll(() => setStatementCounting(true));
afterAll(() => setStatementCounting(false));


const lineStatement = (texts: string[]) => texts.filter((t) => t.startsWith("SELECT (SELECT COUNT(*) FROM \"Call\""));
const claimWithLine = (texts: string[]) => texts.filter((t) => t.startsWith('WITH "line" AS'));

describe("the line check and the claim", () => {
  it("a newcomer offered a free agent by its heap queues behind the caller already waiting, who then gets that agent", async () => {
    const agent = await createAgent(db, { status: "BUSY" });
    const { opts } = testOptions({ cacheTtlMs: 60_000 });
    const first = await createCall(db);
    expect(await assignAgent(db, { callId: first.id, languageCode: "en" }, opts)).toMatchObject({ kind: "queued", position: 1 });

    // The agent frees up and this process's cache learns of it (as after its own release): the heap offers them.
    await db.agent.update({ where: { id: agent.id }, data: { status: "AVAILABLE", currentCallId: null } });
    markAgentsDirty(db, [agent.id]);
    const newcomer = await createCall(db);
    const decided = await probe(() => assignAgent(db, { callId: newcomer.id, languageCode: "en" }, opts));
    expect(decided.result).toMatchObject({ kind: "queued", position: 2 });
    const untouched = await db.agent.findUniqueOrThrow({ where: { id: agent.id } });
    expect(untouched).toMatchObject({ status: "AVAILABLE", currentCallId: null });
    expect(await db.agentAssignment.count({ where: { agentId: agent.id } })).toBe(0);
    if (postgres) {
      // One statement asked both questions: nobody ahead? then claim. No separate line statement ran first.
      expect(claimWithLine(decided.texts)).toHaveLength(1);
      expect(lineStatement(decided.texts)).toEqual([]);
    } else {
      expect(lineStatement(decided.texts)).toHaveLength(1);
    }

    // The caller ahead polls and takes the agent; the newcomer is then first in line.
    expect(await assignAgent(db, { callId: first.id, languageCode: "en" }, opts)).toMatchObject({ kind: "assigned", agent: { id: agent.id } });
    expect(await assignAgent(db, { callId: newcomer.id, languageCode: "en" }, opts)).toMatchObject({ kind: "queued", position: 1 });
  });

  it("with nobody ahead the newcomer takes the free agent, on PostgreSQL without a separate line statement", async () => {
    const agent = await createAgent(db);
    const { opts } = testOptions();
    const call = await createCall(db);
    const decided = await probe(() => assignAgent(db, { callId: call.id, languageCode: "en" }, opts));
    expect(decided.result).toMatchObject({ kind: "assigned", agent: { id: agent.id } });
    expect(lineStatement(decided.texts)).toHaveLength(postgres ? 0 : 1);
  });
});
