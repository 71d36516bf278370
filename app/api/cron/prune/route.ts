// Scheduled retention (Vercel cron, GET with `Authorization: Bearer $CRON_SECRET`; POST for a manual run): one
// pruning pass in bounded batches (lib/retention). A pass that runs out of time answers more: true; the next
// run continues where it stopped.
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
    log.info({ ...result, nonces }, "retention pass");
    return Response.json({ ...result, nonces });
  } catch (err) {
    log.error({ err }, "retention pass failed");
    return Response.json({ error: "prune failed" }, { status: 500 });
  }
}

export const GET = handle;
export const POST = handle;
