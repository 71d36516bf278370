// Liveness and readiness: the database answers and the migrations are applied.
import { getDb } from "@/lib/db/client";
import { log } from "@/lib/log";

export const dynamic = "force-dynamic";

export async function GET() {
  try {
    const db = await getDb();
    const languages = await db.language.count();
    return Response.json({ ok: true, languages });
  } catch (err) {
    log.error({ error: String(err) }, "health check failed");
    return Response.json({ ok: false }, { status: 503 });
  }
}
