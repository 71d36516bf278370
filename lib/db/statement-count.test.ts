// The statement counter (statement-count.ts) on a real client: every statement, ORM or direct, counts for the
// innermost scope and its parents; BEGIN/COMMIT count; work after a scope ended counts apart; off means nothing.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { getDb, isSqlite, type Db } from "./client";
import { direct } from "./direct";
import { countStatementsIn, resetStatementCounts, setStatementCounting, statementSnapshot } from "./statement-count";

let db: Db;
beforeAll(async () => {
  db = await getDb();
});
afterEach(() => resetStatementCounts());
afterAll(() => setStatementCounting(false));

describe("statement counting", () => {
  it("counts nothing while off", async () => {
    setStatementCounting(false);
    await countStatementsIn("route", () => direct(db).$queryRaw`SELECT 1 AS "one"`);
    expect(statementSnapshot().byKey).toEqual({});
  });

  it("counts ORM and direct statements, a transaction's BEGIN and COMMIT, for the scope and its parent", async () => {
    setStatementCounting(true);
    await countStatementsIn("route", async () => {
      await db.language.findMany();
      await direct(db).$queryRaw`SELECT 1 AS "one"`;
      await countStatementsIn("decision", () =>
        direct(db).$transaction(async (tx) => {
          await tx.$queryRaw`SELECT 2 AS "two"`;
        }),
      );
    });
    const { byKey } = statementSnapshot();
    expect(byKey.decision).toMatchObject({ scopes: 1, statements: 3, transactions: 1 }); // BEGIN, SELECT, COMMIT
    expect(byKey.route).toMatchObject({ scopes: 1, statements: 5, transactions: 1, minPerScope: 5, maxPerScope: 5 });
    expect(byKey.decision!.texts).toMatchObject({ BEGIN: 1, COMMIT: 1 });
    expect(byKey.route!.longestTxMs).toBeGreaterThanOrEqual(0);
  });

  it("puts statements that run after the scope ended (deferred work) under <key>:after", async () => {
    setStatementCounting(true);
    let later: Promise<unknown> = Promise.resolve();
    await countStatementsIn("route", async () => {
      later = new Promise((r) => setTimeout(r, 20)).then(() => direct(db).$queryRaw`SELECT 1 AS "one"`);
    });
    await later;
    const { byKey } = statementSnapshot();
    expect(byKey.route).toMatchObject({ scopes: 1, statements: 0 });
    expect(byKey["route:after"]).toMatchObject({ statements: 1 });
  });

  it("splits a scope's wall time into its statements' time and the rest (CPU, timers, the event loop)", async () => {
    setStatementCounting(true);
    await countStatementsIn("route", async () => {
      await new Promise((r) => setTimeout(r, 40)); // not a statement
      await direct(db).$queryRaw`WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 200000) SELECT COUNT(*) AS "n" FROM c`;
    });
    const route = statementSnapshot().byKey.route!;
    expect(route.statementMs, "the counting query took measurable time").toBeGreaterThan(1);
    expect(route.wallMs - route.statementMs, "the 40 ms timer is not statement time").toBeGreaterThanOrEqual(35);
  });

  it("adds up the server thread's time inside driver calls, outside any scope too (SQLite runs the statement there)", async () => {
    setStatementCounting(true);
    resetStatementCounts();
    const started = performance.now();
    await direct(db).$queryRaw`WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 200000) SELECT COUNT(*) AS "n" FROM c`;
    const wall = performance.now() - started;
    const thread = statementSnapshot().threadInDriver;
    expect(thread.calls).toBe(1);
    expect(thread.totalMs).toBe(thread.longestMs);
    if (isSqlite(process.env.DATABASE_URL ?? "")) expect(thread.longestMs, "the whole count ran on this thread").toBeGreaterThan(wall / 2);
    else expect(thread.longestMs, "PostgreSQL counts on its server; the call only sends it").toBeLessThan(wall / 2);
    resetStatementCounts();
    expect(statementSnapshot().threadInDriver).toEqual({ calls: 0, totalMs: 0, longestMs: 0, over5Ms: 0 });
  });

  it("reports how late the event loop ran since the last reset", async () => {
    setStatementCounting(true);
    resetStatementCounts();
    await new Promise((r) => setTimeout(r, 50));
    const spin = Date.now() + 80;
    while (Date.now() < spin); // holds the loop: a 10 ms timer cannot fire for 80 ms
    await new Promise((r) => setTimeout(r, 50));
    const loop = statementSnapshot().eventLoop!;
    expect(loop.delayMaxMs).toBeGreaterThanOrEqual(50);
    expect(loop.utilization).toBeGreaterThan(0.2);
    expect(loop.utilization).toBeLessThanOrEqual(1);
  });
});
