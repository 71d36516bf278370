// The simulator's only way out: one function that performs a webhook request the way Plivo would. Node signs the
// request itself (signing-transport.ts); the browser never sees the auth token and goes through our relay route.
import { z } from "zod";

export type HttpMethod = "GET" | "POST";
export type WebhookRequest = { url: string; method: HttpMethod; params: Record<string, string> };
export type WebhookResponse = { status: number; body: string };
export type Transport = (request: WebhookRequest, signal?: AbortSignal) => Promise<WebhookResponse>;

/** Body the browser posts to the relay route; the route validates it with the same schema. */
export const relayRequestSchema = z.object({
  url: z.url({ protocol: /^https?$/ }),
  method: z.enum(["GET", "POST"]),
  params: z.record(z.string().max(200), z.string().max(2000)).refine((p) => Object.keys(p).length <= 60, "too many params"),
});
export type RelayRequest = z.infer<typeof relayRequestSchema>;

export const relayResponseSchema = z.object({ status: z.number().int(), body: z.string() });

/** Browser transport: asks our server to sign and forward the request (POST /api/simulator/relay). */
export function createRelayTransport(relayUrl = "/api/simulator/relay", fetchImpl: typeof fetch = (...a) => fetch(...a)): Transport {
  return async (request, signal) => {
    const res = await fetchImpl(relayUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(request),
      signal,
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`relay refused the request (${res.status}): ${text.slice(0, 300)}`);
    const parsed = relayResponseSchema.safeParse(JSON.parse(text));
    if (!parsed.success) throw new Error(`relay answered an unexpected shape: ${text.slice(0, 300)}`);
    return parsed.data;
  };
}

/** The URL (and body) a webhook request is sent as: GET carries the params in the query, POST in a form body. */
export function encodeWebhookRequest(request: WebhookRequest): { url: string; body?: string } {
  if (request.method === "GET") {
    const u = new URL(request.url);
    for (const [k, v] of Object.entries(request.params)) u.searchParams.append(k, v);
    return { url: u.toString() };
  }
  return { url: request.url, body: new URLSearchParams(request.params).toString() };
}
