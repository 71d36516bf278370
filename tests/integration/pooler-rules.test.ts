// The rules that keep the app working through a transaction-mode pooler (PgBouncer, hosted providers' pooled URLs;
// README "PostgreSQL over a network"): consecutive statements may run on different server connections, so nothing
// may depend on a server session. Checked on what the driver really sends during whole calls (answer to hangup,
// the agent path and the queue): no named prepared statements (node-postgres `name`, which PgBouncer 1.18 cannot
// follow across connections), no session settings (SET without LOCAL, RESET, DISCARD), no session advisory locks,
// no LISTEN, no temporary tables. PostgreSQL only; CI also runs this whole folder through PgBouncer.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// The default, whatever the pass sets (the direct CI pass turns named statements on: prepared-statements.test.ts).
vi.hoisted(() => {
  delete process.env.DATABASE_PREPARED_STATEMENTS;
});
import { getDb, type Db } from "@/lib/db/client";
import { seedDatabase } from "@/lib/db/seed";
import { clearPools } from "@/lib/routing/agent-pool";
import { queuedCallerHangsUp, ratedAgentCall } from "./ivr-harness";

vi.mock("@/lib/realtime/publish", () => ({ publish: vi.fn(async () => null) }));

const postgres = process.env.TEST_DATABASE === "postgres";
const SESSION_STATE = /^\s*(SET\s+(?!LOCAL\b|TRANSACTION\b)\w|RESET\b|DISCARD\b|LISTEN\b|UNLISTEN\b|PREPARE\b|DEALLOCATE\b|CREATE\s+TEMP)|pg_advisory_(?!xact_)\w*lock/i;

type Sent = { text: string; name?: string };
const sent: Sent[] = [];
let db: Db;

describe.skipIf(!postgres)("through a transaction-mode pooler (PostgreSQL)", () => {
  beforeAll(async () => {
    const query = pg.Client.prototype.query;
    vi.spyOn(pg.Client.prototype, "query").mockImplementation(function (this: pg.Client, ...args: unknown[]) {
      const first = args[0] as string | { text?: string; name?: string };
      sent.push(typeof first === "string" ? { text: first } : { text: first?.text ?? "", name: first?.name });
      return (query as (...a: unknown[]) => unknown).apply(this, args) as never;
    });
    db = await getDb();
    await seedDatabase(db, { email: "sup@example.com", password: "password1" });
  });
  afterAll(() => vi.restoreAllMocks());

  it("whole calls send no named prepared statement and no session state", async () => {
    sent.length = 0;
    await ratedAgentCall();
    await db.agent.updateMany({ data: { status: "NOT_READY" } });
    clearPools(db);
    await queuedCallerHangsUp();

    expect(sent.length, "the spy saw the driver's statements").toBeGreaterThan(50);
    const named = sent.filter((s) => s.name);
    const session = sent.filter((s) => SESSION_STATE.test(s.text));
    console.log(`${sent.length} statements sent: ${named.length} named, ${session.length} with session state`);
    expect(named.map((s) => `${s.name}: ${s.text.slice(0, 80)}`)).toEqual([]);
    expect(session.map((s) => s.text.slice(0, 120))).toEqual([]);
  });
});
