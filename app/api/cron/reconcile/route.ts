// Scheduled safety net (Vercel cron, GET with `Authorization: Bearer $CRON_SECRET`): free agents held by ended
// calls, drop stale queue entries and webhook receipts older than a day. POST does the same for a manual trigger.
import { after } from "next/server";
import { getDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { pruneReceipts } from "@/lib/ivr/with-receipt";
import { authorizeCron, reconcile } from "@/lib/routing";
import { jsonRoute } from "@/lib/http/errors";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

// 401 rather than through the mapper: the bearer check is the cron's own, not a supervisor session.
const handle = jsonRoute("api/cron/reconcile", async (request: Request) => {
  if (!authorizeCron(request.headers.get("authorization"), env().cronSecret)) {
    return Response.json({ error: "unauthorized" }, { status: 401 });
  }
  const db = await getDb();
  const now = new Date();
  const result = await reconcile(db, now, { defer: after });
  const prunedReceipts = await pruneReceipts(db, now);
  return Response.json({ ...result, prunedReceipts });
});

export const GET = handle;
export const POST = handle;
