// Node transport: signs each request with Plivo's V3 signature (as Plivo does) and sends it with fetch, or with the
// cheaper keep-alive client the benchmark passes as `send`. Used by the CLI, the tests, the relay route and the
// benchmark. Never import this from browser code: it holds the auth token.
import { signedHeaders } from "../telephony/plivo-signature";
import type { HttpSend } from "./http-transport";
import { encodeWebhookRequest, type Transport } from "./transport";

export type SigningTransportOptions = {
  authToken: string;
  /**
   * Send to a different origin than the signed (public) URL, e.g. sign for PUBLIC_BASE_URL while talking to
   * http://127.0.0.1:3000. The signature always covers the public URL, as Plivo's does.
   */
  targetOrigin?: string;
  fetch?: typeof fetch;
  /** Sends with this instead of fetch (e.g. createKeepAliveClient().send, for load generation). */
  send?: HttpSend;
  /** Per-request timeout (ms); Plivo gives up on a webhook after its read timeout. */
  timeoutMs?: number;
};

function sendWithFetch(doFetch: typeof fetch): HttpSend {
  return async (url, init) => {
    // Plivo does not follow HTTP redirects into, say, the login page.
    const res = await doFetch(url, { ...init, redirect: "manual" });
    return { status: res.status, body: await res.text() };
  };
}

export function createSigningTransport(options: SigningTransportOptions): Transport {
  const send = options.send ?? sendWithFetch(options.fetch ?? fetch);
  return async (request, signal) => {
    const { url, body } = encodeWebhookRequest(request);
    const headers: Record<string, string> = {
      ...signedHeaders({ method: request.method, url, params: request.method === "POST" ? request.params : {}, authToken: options.authToken }),
      "user-agent": "PlivoHTTP/1.0 (switchboard simulator)",
    };
    if (body !== undefined) headers["content-type"] = "application/x-www-form-urlencoded";
    let target = url;
    if (options.targetOrigin) {
      const u = new URL(url);
      target = `${options.targetOrigin.replace(/\/+$/, "")}${u.pathname}${u.search}`;
    }
    const timeout = AbortSignal.timeout(options.timeoutMs ?? 40_000);
    return send(target, { method: request.method, headers, body, signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
  };
}
