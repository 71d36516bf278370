// Retention (README "Retention"): pruneOnce is what the Vercel cron route and the self-hosted scheduler call.
export { backfillRoutedAt, pruneOnce, type PruneOptions, type PruneResult, type RetentionPolicy } from "./prune";
