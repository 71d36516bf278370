// The statement counter (statement-count.ts) on a real client: every statement, ORM or direct, counts for the
// innermost scope and its parents; BEGIN/COMMIT count; work after a scope ended counts apart; off means nothing.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { getDb, type Db } from "./client";
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
});
