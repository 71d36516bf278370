// Scheduled safety net on Vercel (GET with `Authorization: Bearer $CRON_SECRET`): reconcile (close calls past their
// staleness bound or no longer live at Plivo, free their agents, drop dead queue places) and drop old webhook
// receipts. POST does the same for a manual trigger. Self-hosted servers run the same jobs themselves
// (lib/maintenance, started by instrumentation.ts).
import { after } from "next/server";
import { getDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { pruneReceipts } from "@/lib/ivr/with-receipt";
import { log } from "@/lib/log";
import { authorizeCron, reconcile } from "@/lib/routing";
import { plivoLiveCallUuids } from "@/lib/telephony/live-calls";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

async function handle(request: Request) {
  const config = env();
  if (!authorizeCron(request.headers.get("authorization"), config.cronSecret)) {
    return Response.json({ error: "unauthorized" }, { status: 401 });
  }
  try {
    const db = await getDb();
    const now = new Date();
    const result = await reconcile(db, now, { defer: after, liveCallUuids: plivoLiveCallUuids(config) });
    const prunedReceipts = await pruneReceipts(db, now);
    return Response.json({ ...result, prunedReceipts });
  } catch (err) {
    log.error({ err: err instanceof Error ? err.message : String(err) }, "reconcile failed");
    return Response.json({ error: "reconcile failed" }, { status: 500 });
  }
}

export const GET = handle;
export const POST = handle;
