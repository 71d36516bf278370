// Next's start-up hook. On a long-running Node server (`npm run serve`, `next start`, `npm run local`) it starts the
// maintenance scheduler (reconcile at start-up and every RECOVERY_INTERVAL_SECONDS, one process per round through a
// lease). Not on Vercel, whose cron calls /api/cron/reconcile, and not in the edge runtime.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.VERCEL) return;
  const { startMaintenance } = await import("./lib/maintenance/scheduler");
  startMaintenance();
}
