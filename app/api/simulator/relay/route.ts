// The browser phone's only way to reach the webhooks: signed and forwarded server-side (lib/simulator/relay-webhook).
import { currentSupervisor, unauthorized } from "@/lib/auth/require-supervisor";
import { env } from "@/lib/env";
import { relayWebhook } from "@/lib/simulator/relay-webhook";

export const dynamic = "force-dynamic";

export async function POST(request: Request) {
  if (!(await currentSupervisor())) return unauthorized();
  const input: unknown = await request.json().catch(() => null);
  const outcome = await relayWebhook(input, { env: env(), origin: new URL(request.url).origin });
  return Response.json(outcome.body, { status: outcome.status });
}
