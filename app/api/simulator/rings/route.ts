// The browser phone asks which queued callbacks (#18) are ringing it now (simulator mode only).
import { z } from "zod";
import { currentSupervisor } from "@/lib/auth/require-supervisor";
import { getDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { jsonRoute, unauthenticated } from "@/lib/http/errors";
import { listSimulatedRings } from "@/lib/simulator/simulated-rings";

export const dynamic = "force-dynamic";

const query = z.object({ to: z.string().regex(/^\+[1-9]\d{6,14}$/).optional() });

export const GET = jsonRoute("api/simulator/rings", async (request: Request) => {
  if (!(await currentSupervisor())) throw unauthenticated();
  if (env().plivo.configured) return Response.json({ rings: [] });
  const parsed = query.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) return Response.json({ error: "to must be an E.164 number" }, { status: 400 });
  return Response.json({ rings: await listSimulatedRings(await getDb(), parsed.data.to) }, { headers: { "cache-control": "no-store" } });
});
