// Retention (README "Retention"): the self-hosted scheduler runs pruneInWorker (a worker thread with its own
// connection); the Vercel cron route runs pruneOnce in-process.
export { backfillRoutedAt, pruneOnce, type PruneOptions, type PruneResult, type RetentionPolicy } from "./prune";
export { pruneInWorker, type WorkerPruneResult } from "./run-in-worker";
