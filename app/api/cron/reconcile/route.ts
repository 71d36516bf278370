// Scheduled safety net (Vercel cron, GET with `Authorization: Bearer $CRON_SECRET`): free agents held by ended
// calls and drop stale queue entries. POST does the same for a manual or external trigger.
import { after } from "next/server";
import { getDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { authorizeCron, reconcile } from "@/lib/routing";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

async function handle(request: Request) {
  if (!authorizeCron(request.headers.get("authorization"), env().cronSecret)) {
    return Response.json({ error: "unauthorized" }, { status: 401 });
  }
  try {
    const db = await getDb();
    const result = await reconcile(db, new Date(), { defer: after });
    return Response.json(result);
  } catch (err) {
    console.error(JSON.stringify({ level: "error", msg: "reconcile failed", error: String(err) }));
    return Response.json({ error: "reconcile failed" }, { status: 500 });
  }
}

export const GET = handle;
export const POST = handle;
