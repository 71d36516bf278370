// Scheduled safety net (Vercel cron, GET with `Authorization: Bearer $CRON_SECRET`): free agents held by ended
// calls, drop stale queue entries and webhook receipts older than a day. POST does the same for a manual trigger.
import { after } from "next/server";
import { getDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { pruneReceipts } from "@/lib/ivr/with-receipt";
import { authorizeCron, reconcile } from "@/lib/routing";
import { log } from "@/lib/log";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

async function handle(request: Request) {
  if (!authorizeCron(request.headers.get("authorization"), env().cronSecret)) {
    return Response.json({ error: "unauthorized" }, { status: 401 });
  }
  try {
    const db = await getDb();
    const now = new Date();
    const result = await reconcile(db, now, { defer: after });
    const prunedReceipts = await pruneReceipts(db, now);
    return Response.json({ ...result, prunedReceipts });
  } catch (err) {
    log.error({ error: String(err) }, "reconcile failed");
    return Response.json({ error: "reconcile failed" }, { status: 500 });
  }
}

export const GET = handle;
export const POST = handle;
