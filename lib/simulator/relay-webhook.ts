// Server side of the browser phone: the browser cannot hold the Plivo auth token, so it posts {url, method,
// params} here and the server signs and forwards the request to our own webhooks, as Plivo would. Only in
// simulator mode (no Plivo credentials) and only to the webhook paths of our public base URL.
import "server-only";
import type { Env } from "../env";
import { createSigningTransport } from "./signing-transport";
import { relayRequestSchema } from "./transport";

const WEBHOOK_PREFIXES = ["/ivr/", "/plivo/"];

export type RelayOutcome = { status: number; body: unknown };

export async function relayWebhook(input: unknown, ctx: { env: Env; origin: string; fetch?: typeof fetch }): Promise<RelayOutcome> {
  if (ctx.env.plivo.configured) {
    return { status: 403, body: { error: "The simulator is off: Plivo is configured, so real calls reach the webhooks." } };
  }
  const parsed = relayRequestSchema.safeParse(input);
  if (!parsed.success) return { status: 400, body: { error: "Invalid relay request", issues: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`) } };
  const request = parsed.data;
  const url = new URL(request.url);
  const publicOrigin = new URL(ctx.env.publicBaseUrl).origin;
  if (url.origin !== publicOrigin || !WEBHOOK_PREFIXES.some((p) => url.pathname.startsWith(p)) || url.username || url.password) {
    return { status: 403, body: { error: `Only webhook URLs under ${publicOrigin}/ivr/ or /plivo/ can be relayed.` } };
  }
  // Signed for the public URL (what our routes verify against), delivered to this very server.
  const transport = createSigningTransport({ authToken: ctx.env.plivo.authToken, targetOrigin: ctx.origin, fetch: ctx.fetch, timeoutMs: 15_000 });
  try {
    const response = await transport({ url: url.toString(), method: request.method, params: request.params });
    return { status: 200, body: response };
  } catch (e) {
    return { status: 502, body: { error: `Webhook request failed: ${e instanceof Error ? e.message : String(e)}` } };
  }
}
