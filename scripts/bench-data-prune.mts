// bench:data's pruning measurement: one pass over detail older than --prune-days while this process's main thread
// stands for a server's event loop with webhooks on it: it inserts one row every 5 ms on its own connection and
// records how long each insert took (a webhook's statement waits the same for SQLite's write lock) and how long
// from when it was due (its 5 ms timer) to when it was written: the event loop held by anything on this thread plus
// the lock. It runs alone for `idleS` first: on a shared machine that is the floor under every number.
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
  // over50: how many took longer than the issue's 50 ms bound (a rate to set against the idle writer's).
  return { n: s.length, p50: s[Math.floor(s.length / 2)] ?? 0, p99: s[Math.floor(s.length * 0.99)] ?? 0, max: s.at(-1) ?? 0, over50: s.filter((x) => x > 50).length };
};

export async function measurePruning(db: Db, databaseUrl: string, opts: { pruneDays: number; budgetS: number; idleS: number; inProcess: boolean; checkpointEveryBatch?: boolean }) {
  const writer = createPrismaClient(databaseUrl);
  await tuneSqlite(writer, databaseUrl);
  const samples = () => ({ waits: [] as number[], delays: [] as number[] });
  const idle = samples();
  const during = samples();
  let into = idle;
  let writing = true;
  const probe = (async () => {
    let due = performance.now();
    for (let i = 0; writing; i++) {
      const sample = into;
      const start = performance.now();
      await direct(writer).$executeRaw`INSERT INTO "RateLimit" ("key", "count", "windowEnd") VALUES (${`probe${i}-${Date.now()}`}, ${1}, ${new Date()})`;
      const done = performance.now();
      sample.waits.push(done - start); // the statement alone (SQLite's write lock, a busy retry)
      // From when it was due to when it was written: what a webhook arriving then would see, the event loop
      // included. On one thread the pass's batches show up here, not in the statement's own wait.
      sample.delays.push(done - due);
      due = done + 5;
      await new Promise((r) => setTimeout(r, 5));
    }
  })();
  await new Promise((r) => setTimeout(r, opts.idleS * 1000));
  into = during;
  const days = opts.pruneDays;
  const options: PruneOptions = {
    policy: { eventsDays: days, decisionsDays: days, assignmentsDays: days, receiptsHours: 24 },
    timeBudgetMs: opts.budgetS * 1000,
    checkpointEveryBatch: opts.checkpointEveryBatch,
  };
  const prune = opts.inProcess ? { ...(await pruneOnce(db, options)), ranIn: "process" as const, startMs: 0 } : await pruneInWorker(db, { ...options, databaseUrl });
  writing = false;
  await probe;
  await writer.$disconnect();
  const rows = prune.receipts + prune.events + prune.stateChanges + prune.decisions + prune.candidates + prune.assignments;
  return { prune, rows, rowsPerSecond: prune.ms > 0 ? Math.round(rows / (prune.ms / 1000)) : 0, write: stats(during.waits), delay: stats(during.delays), idle: { write: stats(idle.waits), delay: stats(idle.delays) } };
}
