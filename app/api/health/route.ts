// Liveness and readiness: the database answers and the migrations are applied.
import { getDb } from "@/lib/db/client";

export const dynamic = "force-dynamic";

export async function GET() {
  try {
    const db = await getDb();
    const languages = await db.language.count();
    return Response.json({ ok: true, languages });
  } catch (err) {
    console.error(JSON.stringify({ level: "error", msg: "health check failed", error: String(err) }));
    return Response.json({ ok: false }, { status: 503 });
  }
}
