// A plain query issued while another request holds an interactive transaction must not run inside it (without the
// wrapper, a read saw the transaction's uncommitted, later rolled-back row).
import { createRequire } from "node:module";
import { afterAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "./client";

const url = process.env.DATABASE_URL!;
const db = createPrismaClient(url);
afterAll(() => db.$disconnect());

describe.skipIf(!url.startsWith("file:"))("SQLite adapter serialization", () => {
  it("does not let a plain read see a transaction's uncommitted row", async () => {
    let insideTx!: () => void;
    const txOpen = new Promise<void>((r) => (insideTx = r));
    const tx = db
      .$transaction(async (t) => {
        await t.language.create({ data: { code: "it", name: "Italiano", locale: "it-IT", menuDigit: 5 } });
        insideTx();
        await new Promise((r) => setTimeout(r, 50));
        throw new Error("roll back");
      })
      .catch(() => null);
    await txOpen;
    const seen = await db.language.findUnique({ where: { code: "it" } });
    await tx;
    expect(seen).toBeNull();
  });

  it("waits for another connection's write lock without stopping the event loop", async () => {
    // A second client on the same file stands in for a second server process. While it holds a write transaction,
    // this client's write must wait asynchronously: with SQLite's own busy handler the synchronous driver would
    // stall this event loop, so the other transaction (which needs this loop to commit) could never finish.
    const other = createPrismaClient(url);
    try {
      // Ordered by events, not timed: the other writer holds its lock until a timer of ours fires, which can only
      // happen if this event loop keeps running while our write waits.
      const order: string[] = [];
      let locked!: () => void;
      let release!: () => void;
      const holding = new Promise<void>((r) => (locked = r));
      const released = new Promise<void>((r) => (release = r));
      const holder = other
        .$transaction(async (t) => {
          await t.language.create({ data: { code: "pt", name: "Português", locale: "pt-BR", menuDigit: 6 } });
          locked();
          await released;
        })
        .then(() => order.push("other committed"));
      await holding;
      const write = (async () => {
        await db.$executeRaw`UPDATE "Language" SET "enabled" = "enabled" WHERE "code" = ${"en"}`;
        await db.$transaction(async (t) => t.language.update({ where: { code: "pt" }, data: { name: "Portuguese" } }));
        order.push("write done");
      })();
      setTimeout(() => {
        order.push("timer fired while the write waited");
        release();
      }, 20);
      await Promise.all([holder, write]);
      expect(order).toEqual(["timer fired while the write waited", "other committed", "write done"]);
      expect((await db.language.findUniqueOrThrow({ where: { code: "pt" } })).name).toBe("Portuguese");
    } finally {
      await other.$disconnect();
    }
  });
});

describe("prepared statement cache", () => {
  it("reuses one compiled statement per SQL text, with each call's own arguments, and keeps only the newest", async () => {
    // better-sqlite3 ships no types; the adapter's dependency is loaded as it loads it.
    const Database = createRequire(import.meta.url)("better-sqlite3") as new (path: string) => {
      prepare(sql: string): { run(...a: unknown[]): unknown; all(...a: unknown[]): unknown[] };
      exec(sql: string): void;
    };
    const { cacheStatements } = await import("./serialize-sqlite-adapter");
    const conn = new Database(":memory:");
    conn.exec("CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER)");
    const compiled: string[] = [];
    const prepare = conn.prepare.bind(conn);
    conn.prepare = (sql: string) => {
      compiled.push(sql);
      return prepare(sql);
    };
    cacheStatements(conn as never, 2);
    type View = { bind(args: unknown[]): { run(): unknown; raw(): { all(): unknown[][] }; columns(): Array<{ name: string }> } };
    const insert = (k: string, v: number) => (conn.prepare("INSERT INTO t VALUES (?, ?)") as unknown as View).bind([k, v]).run();
    insert("a", 1);
    insert("b", 2);
    const select = (k: string) => (conn.prepare("SELECT v FROM t WHERE k = ?") as unknown as View).bind([k]);
    expect(select("a").raw().all()).toEqual([[1]]);
    expect(select("b").raw().all()).toEqual([[2]]);
    expect(select("b").columns().map((c) => c.name)).toEqual(["v"]);
    expect(compiled).toEqual(["INSERT INTO t VALUES (?, ?)", "SELECT v FROM t WHERE k = ?"]);
    // A third statement pushes out the least recently used (the INSERT), which is compiled again when next used.
    conn.prepare("SELECT COUNT(*) FROM t");
    insert("c", 3);
    expect(compiled.filter((s) => s.startsWith("INSERT"))).toHaveLength(2);
    expect(select("c").raw().all()).toEqual([[3]]);
  });
});
