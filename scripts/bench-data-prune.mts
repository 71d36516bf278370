// bench:data's pruning measurement: one pass over detail older than --prune-days while this process's main thread
// stands for a server's event loop with webhooks on it: it inserts one row every 5 ms on its own connection and
// records how long each insert took (a webhook's statement waits the same for SQLite's write lock) and how late its
// 5 ms timer fired (the event loop held by anything on this thread).
//
// By default the pass runs where the self-hosted server runs it: pruneInWorker, a worker thread with its own
// connection (lib/retention/run-in-worker.ts). `inProcess` runs pruneOnce on the main thread instead, as the
// server did before and as the Vercel cron route does, for a same-machine comparison.
import { createPrismaClient, tuneSqlite, type Db } from "../lib/db/client.ts";
import { direct } from "../lib/db/direct.ts";
import { pruneOnce, type PruneOptions } from "../lib/retention/prune.ts";
import { pruneInWorker } from "../lib/retention/run-in-worker.ts";

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { n: s.length, p50: s[Math.floor(s.length / 2)] ?? 0, p99: s[Math.floor(s.length * 0.99)] ?? 0, max: s.at(-1) ?? 0 };
};

export async function measurePruning(db: Db, databaseUrl: string, opts: { pruneDays: number; budgetS: number; inProcess: boolean; checkpointEveryBatch: boolean }) {
  const writer = createPrismaClient(databaseUrl);
  await tuneSqlite(writer, databaseUrl);
  const delays: number[] = [];
  const lateDelays: number[] = [];
  let pruning = true;
  const probe = (async () => {
    for (let i = 0; pruning; i++) {
      const t = performance.now();
      await direct(writer).$executeRaw`INSERT INTO "RateLimit" ("key", "count", "windowEnd") VALUES (${`probe${i}-${Date.now()}`}, ${1}, ${new Date()})`;
      const done = performance.now();
      delays.push(done - t);
      const due = done + 5;
      await new Promise((r) => setTimeout(r, 5));
      lateDelays.push(performance.now() - due);
    }
  })();
  const days = opts.pruneDays;
  const options: PruneOptions = {
    policy: { eventsDays: days, decisionsDays: days, assignmentsDays: days, receiptsHours: 24 },
    timeBudgetMs: opts.budgetS * 1000,
    checkpointEveryBatch: opts.checkpointEveryBatch,
  };
  const prune = opts.inProcess ? { ...(await pruneOnce(db, options)), ranIn: "process" as const, startMs: 0 } : await pruneInWorker(db, { ...options, databaseUrl });
  pruning = false;
  await probe;
  await writer.$disconnect();
  const rows = prune.receipts + prune.events + prune.stateChanges + prune.decisions + prune.candidates + prune.assignments;
  return { prune, rows, rowsPerSecond: prune.ms > 0 ? Math.round(rows / (prune.ms / 1000)) : 0, write: stats(delays), late: stats(lateDelays) };
}
