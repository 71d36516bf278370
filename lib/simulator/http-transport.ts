// A cheap HTTP client for generating load: node:http over a keep-alive Agent. Node's fetch (undici) spends several
// times the CPU per request, and when the load generator shares the cores with the server under test that cost,
// not the server, caps what a benchmark measures. Node only; everything else keeps using fetch.
import { Agent as HttpAgent, request as httpRequest } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";

export type HttpSendInit = { method: string; headers?: Record<string, string>; body?: string; signal?: AbortSignal };
/** One request, answered with its status and whole body. Redirects are returned, not followed (as Plivo does). */
export type HttpSend = (url: string, init: HttpSendInit) => Promise<{ status: number; body: string }>;

export type KeepAliveClient = { send: HttpSend; close(): void };

/** `maxSockets` per origin: at least the number of requests that may be in flight, or some wait for a socket. */
export function createKeepAliveClient(options: { maxSockets: number }): KeepAliveClient {
  // `timeout` closes idle sockets: without it Node ignores the server's "Keep-Alive: timeout=5" hint, keeps them
  // forever, and a request sent on one just as the server closes it fails with ECONNRESET ("socket hang up").
  const agentOptions = { keepAlive: true, maxSockets: options.maxSockets, maxFreeSockets: options.maxSockets, timeout: 4_000 };
  const http = new HttpAgent(agentOptions);
  const https = new HttpsAgent(agentOptions);

  const send: HttpSend = (url, init) =>
    new Promise((resolve, reject) => {
      const target = new URL(url);
      const tls = target.protocol === "https:";
      // A known length keeps a request with a body out of chunked encoding (an empty POST says 0, as fetch does).
      const headers = { ...init.headers };
      if (init.body !== undefined || init.method !== "GET") headers["content-length"] = String(Buffer.byteLength(init.body ?? ""));
      // Abort (a timeout or the caller) rejects with the signal's reason, like fetch: a TimeoutError names itself.
      const fail = (err: unknown) => reject(init.signal?.aborted ? init.signal.reason : err);
      const req = (tls ? httpsRequest : httpRequest)(
        target,
        { method: init.method, headers, agent: tls ? https : http, signal: init.signal },
        (res) => {
          let body = "";
          res.setEncoding("utf8");
          res.on("data", (chunk: string) => (body += chunk));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
          res.on("error", fail);
          res.on("close", () => {
            if (!res.complete) fail(new Error("connection closed before the response ended"));
          });
        },
      );
      req.on("error", fail);
      req.end(init.body);
    });

  return {
    send,
    close: () => {
      http.destroy();
      https.destroy();
    },
  };
}
