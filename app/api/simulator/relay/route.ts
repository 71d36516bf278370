// The browser phone's only way to reach the webhooks: signed and forwarded server-side (lib/simulator/relay-webhook).
import { currentSupervisor } from "@/lib/auth/require-supervisor";
import { env } from "@/lib/env";
import { jsonRoute, unauthenticated } from "@/lib/http/errors";
import { relayWebhook } from "@/lib/simulator/relay-webhook";

export const dynamic = "force-dynamic";

export const POST = jsonRoute("api/simulator/relay", async (request: Request) => {
  if (!(await currentSupervisor())) throw unauthenticated();
  const input: unknown = await request.json().catch(() => null);
  const outcome = await relayWebhook(input, { env: env(), origin: new URL(request.url).origin });
  return Response.json(outcome.body, { status: outcome.status });
});
