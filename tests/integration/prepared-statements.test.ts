// DATABASE_PREPARED_STATEMENTS=1 (lib/db/prepared-pool.ts): on a direct PostgreSQL connection the hot path's one-off
// statements become named prepared statements, parsed once per server connection. Checked on what the driver really
// sends during whole calls, and that a plan gone stale under a migration fails one run only. PostgreSQL only, and
// not through the PgBouncer pass: PgBouncer 1.18 cannot follow named statements (that is why the default is off,
// pinned by pooler-rules.test.ts).
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.DATABASE_PREPARED_STATEMENTS = "1";
});

import { getDb, type Db } from "@/lib/db/client";
import { PreparedStatementPool, StatementNames } from "@/lib/db/prepared-pool";
import { seedDatabase } from "@/lib/db/seed";
import { clearPools } from "@/lib/routing/agent-pool";
import { queuedCallerHangsUp, ratedAgentCall, type Caller } from "./ivr-harness";

vi.mock("@/lib/realtime/publish", () => ({ publish: vi.fn(async () => null) }));

const direct = process.env.TEST_DATABASE === "postgres" && !process.env.TEST_POSTGRES_POOLED_URL;

describe("statement names", () => {
  it("names each text once and stops naming new texts at the cap", () => {
    const names = new StatementNames(2);
    const a = names.nameFor("SELECT 1");
    expect(a).toMatch(/^sb_[0-9a-f]{24}$/);
    expect(names.nameFor("SELECT 1")).toBe(a);
    const b = names.nameFor("SELECT 2");
    expect(b).not.toBe(a);
    expect(names.nameFor("SELECT 3"), "past the cap a new text goes unnamed").toBeUndefined();
    expect(names.nameFor("SELECT 1"), "texts named before the cap keep their name").toBe(a);
    expect(names.size).toBe(2);
  });
});

type Sent = { name?: string; client: pg.Client };
const sent: Sent[] = [];
const parsed: Array<{ name?: string; connection: unknown }> = [];
let db: Db;

describe.skipIf(!direct)("named prepared statements on a direct connection (PostgreSQL)", () => {
  beforeAll(async () => {
    const query = pg.Client.prototype.query;
    vi.spyOn(pg.Client.prototype, "query").mockImplementation(function (this: pg.Client, ...args: unknown[]) {
      const first = args[0] as string | { name?: string };
      sent.push({ name: typeof first === "string" ? undefined : first?.name, client: this });
      return (query as (...a: unknown[]) => unknown).apply(this, args) as never;
    });
    // The Parse message itself: what a named statement saves is sending and planning it again.
    const Connection = (pg as unknown as { Connection: { prototype: { parse(q: { name?: string }): void } } }).Connection;
    const parse = Connection.prototype.parse;
    vi.spyOn(Connection.prototype, "parse").mockImplementation(function (this: unknown, q: { name?: string }) {
      parsed.push({ name: q.name, connection: this });
      return parse.call(this, q);
    });
    db = await getDb();
    await seedDatabase(db, { email: "sup@example.com", password: "password1" });
  });
  afterAll(() => vi.restoreAllMocks());

  it("whole calls run on named statements, each parsed at most once per connection, and end as they should", async () => {
    sent.length = 0;
    parsed.length = 0;
    const calls: Caller[] = [];
    let reconnectAt = 0;
    // Several calls, so the same statements repeat on the pool's connections.
    for (let i = 0; i < 4; i++) {
      // Half way, a disconnect: the next query connects again and must still name its statements.
      if (i === 2) {
        await db.$disconnect();
        reconnectAt = sent.length;
      }
      calls.push(await ratedAgentCall());
    }
    await db.agent.updateMany({ data: { status: "NOT_READY" } });
    clearPools(db);
    await queuedCallerHangsUp();

    const named = sent.filter((s) => s.name);
    const before = new Set(sent.slice(0, reconnectAt).map((s) => s.client));
    const afterReconnect = sent.slice(reconnectAt);
    expect(afterReconnect.some((s) => before.has(s.client)), "the disconnect ended the first pool's connections").toBe(false);
    expect(afterReconnect.filter((s) => s.name).length, "still named on the new connections").toBeGreaterThan(afterReconnect.length / 2);
    const namedParses = parsed.filter((p) => p.name);
    console.log(`${sent.length} statements sent: ${named.length} named, ${namedParses.length} named Parse messages`);
    expect(named.length, "the hot path's one-off statements are named").toBeGreaterThan(sent.length / 2);
    // Each (connection, name) is parsed once; every later run of it on that connection is Bind + Execute only.
    const seen = new Set<string>();
    const connections = new Map<unknown, number>();
    const repeated: string[] = [];
    for (const p of namedParses) {
      const id = connections.get(p.connection) ?? connections.set(p.connection, connections.size).size - 1;
      const key = `${id}:${p.name}`;
      if (seen.has(key)) repeated.push(key);
      seen.add(key);
    }
    expect(repeated, "a named statement parsed twice on one connection").toEqual([]);
    expect(namedParses.length, "the spy saw the Parse messages").toBeGreaterThan(0);
    expect(namedParses.length, "repeated statements skip Parse").toBeLessThan(named.length * 0.75);

    // Behaviour is the same as with unnamed statements: every agent call ended COMPLETED with its rating stored.
    for (const c of calls) {
      const call = await db.call.findUniqueOrThrow({ where: { callUuid: c.callUuid }, include: { feedback: true } });
      expect(call.status).toBe("COMPLETED");
      expect(call.feedback?.rating).toBe(4);
    }
  });

  it("a plan made stale by a migration fails once; the pool drops that connection, so the next run prepares it afresh", async () => {
    const url = process.env.DATABASE_URL!;
    const pool = new PreparedStatementPool({ connectionString: url, max: 1 });
    try {
      await pool.query("CREATE TABLE prepared_probe (a integer)");
      await pool.query("INSERT INTO prepared_probe VALUES (1)");
      const select = { text: "SELECT * FROM prepared_probe" };
      expect((await pool.query({ ...select })).rows).toEqual([{ a: 1 }]);
      await pool.query("ALTER TABLE prepared_probe ADD COLUMN b integer");
      await expect(pool.query({ ...select })).rejects.toMatchObject({ code: "0A000" });
      expect((await pool.query({ ...select })).rows).toEqual([{ a: 1, b: null }]);
    } finally {
      await pool.query("DROP TABLE IF EXISTS prepared_probe").catch(() => undefined);
      await pool.end();
    }
  });
});
