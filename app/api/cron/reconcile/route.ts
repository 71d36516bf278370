// Scheduled safety net on Vercel (GET with `Authorization: Bearer $CRON_SECRET`): reconcile (close calls past their
// staleness bound or no longer live at Plivo, free their agents, drop dead queue places) and drop old webhook
// receipts. POST does the same for a manual trigger. Self-hosted servers run the same jobs themselves
// (lib/maintenance, started by instrumentation.ts).
import { after } from "next/server";
import { getDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { runCallbackDispatch } from "@/lib/ivr/callback-dispatch";
import { pruneReceipts } from "@/lib/ivr/with-receipt";
import { authorizeCron, reconcile } from "@/lib/routing";
import { jsonRoute } from "@/lib/http/errors";
import { plivoLiveCallUuids } from "@/lib/telephony/live-calls";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

// 401 rather than through the mapper: the bearer check is the cron's own, not a supervisor session.
const handle = jsonRoute("api/cron/reconcile", async (request: Request) => {
  const config = env();
  if (!authorizeCron(request.headers.get("authorization"), config.cronSecret)) {
    return Response.json({ error: "unauthorized" }, { status: 401 });
  }
  const db = await getDb();
  const now = new Date();
  const result = await reconcile(db, now, { defer: after, liveCallUuids: plivoLiveCallUuids(config) });
  const prunedReceipts = await pruneReceipts(db, now);
  // #18: on Vercel there is no scheduler; every hangup and agent-ready nudges the dispatcher, and this is its backstop.
  await runCallbackDispatch(db);
  return Response.json({ ...result, prunedReceipts });
});

export const GET = handle;
export const POST = handle;
