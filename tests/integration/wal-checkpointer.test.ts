// SQLite's WAL checkpoints run on a thread of their own (lib/db/wal-checkpointer.ts), not inside a webhook's COMMIT
// on the server's thread; if that thread dies, SQLite checkpoints inline again until it is back. SQLite only.
import { createRequire } from "node:module";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient, getDb, isSqlite, tuneSqlite, walCheckpointer, type Db } from "@/lib/db/client";
import { direct } from "@/lib/db/direct";
import { SQLITE_AUTOCHECKPOINT_FRAMES, startWalCheckpointer, type WalCheckpointer } from "@/lib/db/wal-checkpointer";

const Database = createRequire(import.meta.url)("better-sqlite3") as new (
  path: string,
  options: { fileMustExist: boolean },
) => { pragma(sql: string): unknown; close(): void };
const url = process.env.DATABASE_URL ?? "";
const COMMITS = 1_500; // each commit appends at least 2 frames (the row's page and its key's index page)

async function commits(db: Db, n: number, tag: string) {
  for (let i = 0; i < n; i++) {
    await direct(db).$executeRaw`INSERT INTO "WebhookNonce" ("nonce", "firstSeenMs") VALUES (${`${tag}-${i}`}, ${BigInt(i)})`;
  }
}

async function autocheckpointOf(db: Db): Promise<number> {
  const [row] = await db.$queryRawUnsafe<Array<{ wal_autocheckpoint: number | bigint }>>("PRAGMA wal_autocheckpoint");
  return Number(row!.wal_autocheckpoint);
}

async function until(ok: () => boolean | Promise<boolean>, what: string, ms = 10_000) {
  const deadline = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe.skipIf(!isSqlite(url))("SQLite WAL checkpoints on their own thread", () => {
  let db: Db;
  let checkpointer: WalCheckpointer;

  beforeAll(async () => {
    db = createPrismaClient(url);
    await tuneSqlite(db, url);
    checkpointer = startWalCheckpointer(db, url, { intervalMs: 50, restartDelayMs: 200 })!;
    expect(checkpointer, "the worker file ships with the project").not.toBeNull();
    await checkpointer.ready();
  });
  afterAll(async () => {
    await checkpointer?.stop();
    await db?.$disconnect();
  });

  it("the server's connection never checkpoints: the WAL grows past SQLite's mark until the thread copies it", async () => {
    expect(checkpointer.mode()).toBe("thread");
    checkpointer.pause();
    await checkpointer.tick(); // start from a copied WAL
    await commits(db, COMMITS, "grow");
    const grown = await checkpointer.tick();
    console.log(`WAL after ${COMMITS} commits with the thread paused: ${grown.log} frames, ${grown.checkpointed} copied by the thread in ${grown.ms.toFixed(1)} ms`);
    expect(grown.log, "an inline checkpoint at 1,000 frames would have restarted the WAL").toBeGreaterThan(SQLITE_AUTOCHECKPOINT_FRAMES * 2);
    expect(await autocheckpointOf(db), "the main connection's auto-checkpoint is off").toBe(0);
    expect(grown.checkpointed, "the thread copies every frame (no reader holds an older snapshot)").toBe(grown.log);
    // The next commit starts the WAL over (everything was copied), so it stays small while the thread keeps up.
    checkpointer.resume();
    await commits(db, 50, "after");
    const after = await checkpointer.tick();
    expect(after.log).toBeLessThan(SQLITE_AUTOCHECKPOINT_FRAMES);
    // The rows are all there, read through the server's connection.
    const [{ n }] = await direct(db).$queryRaw<[{ n: bigint | number }]>`SELECT COUNT(*) AS "n" FROM "WebhookNonce" WHERE "nonce" LIKE 'grow-%'`;
    expect(Number(n)).toBe(COMMITS);
  });

  it("when the thread dies SQLite checkpoints inline at once, and the thread comes back by itself", async () => {
    await checkpointer.crash();
    await until(() => checkpointer.mode() === "inline", "inline mode");
    await until(async () => (await autocheckpointOf(db)) === SQLITE_AUTOCHECKPOINT_FRAMES, "the auto-checkpoint back on");
    // Inline meanwhile: the WAL restarts at SQLite's mark instead of growing (read with a connection of the test's own).
    await commits(db, COMMITS, "inline");
    const probe = new Database(url.replace(/^file:/, ""), { fileMustExist: true });
    try {
      const [row] = probe.pragma("wal_checkpoint(PASSIVE)") as Array<{ log: number }>;
      expect(row!.log, "SQLite's own checkpoints kept the WAL under its mark").toBeLessThanOrEqual(SQLITE_AUTOCHECKPOINT_FRAMES + 10);
    } finally {
      probe.close();
    }
    await checkpointer.ready();
    expect(checkpointer.mode()).toBe("thread");
    expect(checkpointer.stats().restarts).toBe(1);
    expect(await autocheckpointOf(db), "handed back to the restarted thread").toBe(0);
  });

  it("a thread that cannot open its database is retried less and less often, and checkpoints stay inline", async () => {
    const pragmas: string[] = [];
    const main = { $queryRawUnsafe: async (sql: string) => void pragmas.push(sql) };
    const missing = startWalCheckpointer(main, `file:${url.replace(/^file:/, "")}.missing`, { intervalMs: 50, restartDelayMs: 100 })!;
    try {
      await new Promise((r) => setTimeout(r, 1_500));
      const { restarts } = missing.stats();
      console.log(`thread that cannot open its file: ${restarts} restarts in 1.5 s (waits 100, 200, 400, 800 ms ...)`);
      expect(restarts, "it kept trying").toBeGreaterThanOrEqual(2);
      expect(restarts, "a fixed 100 ms wait restarts it 7 times or more").toBeLessThanOrEqual(4);
      expect(missing.mode()).toBe("inline");
      expect(pragmas.every((p) => p === `PRAGMA wal_autocheckpoint = ${SQLITE_AUTOCHECKPOINT_FRAMES}`), "never handed to a thread that is not up").toBe(true);
    } finally {
      await missing.stop();
    }
  });

  it("the app's shared client starts it (SQLITE_CHECKPOINT_THREAD defaults to on)", async () => {
    const shared = await getDb();
    const running = walCheckpointer();
    expect(running).not.toBeNull();
    await running!.ready();
    expect(await autocheckpointOf(shared)).toBe(0);
    await running!.stop();
    expect(await autocheckpointOf(shared), "stopped: SQLite's own checkpoints again").toBe(SQLITE_AUTOCHECKPOINT_FRAMES);
  });
});
