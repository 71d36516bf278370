// What the pruning worker thread runs (prune-worker.mjs): one pass on a connection of its own, tuned as the app's
// (lib/db/client.ts: SQLite in WAL with synchronous NORMAL, busy waits retried asynchronously up to BUSY_DEADLINE_MS;
// PostgreSQL through a pool that a sequential pass never grows past one connection), closed when the pass ends.
import { createPrismaClient, tuneSqlite } from "../db/client";
import { pruneOnce, type PruneOptions, type PruneResult } from "./prune";

export async function pruneWithOwnConnection(databaseUrl: string, opts: PruneOptions): Promise<PruneResult> {
  const db = createPrismaClient(databaseUrl);
  try {
    await tuneSqlite(db, databaseUrl);
    return await pruneOnce(db, opts);
  } finally {
    await db.$disconnect();
  }
}
