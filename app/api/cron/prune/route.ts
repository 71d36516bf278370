// Scheduled retention (Vercel cron, GET with `Authorization: Bearer $CRON_SECRET`; POST for a manual run): one
// pruning pass in bounded batches (lib/retention). A pass that runs out of time answers more: true; the next
// run continues where it stopped. It also rolls up the analytics of closed days (lib/dashboard/analytics-rollup.ts).
import { rollupAnalytics } from "@/lib/dashboard/analytics-rollup";
import { pruneWebhookNonces } from "@/lib/telephony/replay-guard";
import { getDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { pruneOnce } from "@/lib/retention";
import { authorizeCron } from "@/lib/routing";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";
// Vercel's default function limit; the pass stops starting batches well before it.
export const maxDuration = 60;

async function handle(request: Request) {
  if (!authorizeCron(request.headers.get("authorization"), env().cronSecret)) {
    return Response.json({ error: "unauthorized" }, { status: 401 });
  }
  try {
    const db = await getDb();
    const result = await pruneOnce(db, { timeBudgetMs: 40_000 });
    // Webhook nonces past the replay window's retention (lib/telephony/replay-guard.ts).
    const nonces = await pruneWebhookNonces(db);
    // The analytics rollup of closed days (a daily cron on Hobby: yesterday and the day before are recomputed).
    const rollup = await rollupAnalytics(db, { maxDays: 120, timeBudgetMs: 10_000 });
    log.info({ ...result, nonces, rollup }, "retention pass");
    return Response.json({ ...result, nonces, rollup });
  } catch (err) {
    log.error({ err }, "retention pass failed");
    return Response.json({ error: "prune failed" }, { status: 500 });
  }
}

export const GET = handle;
export const POST = handle;
