// A tiny stand-in for our webhook routes in unit tests: node:http on an ephemeral port, verifying every request's
// V3 signature the way our routes do and answering canned Plivo XML.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { verifyV3 } from "../../lib/telephony/plivo-signature";

export const TEST_AUTH_TOKEN = "test-plivo-auth-token";

export type Received = { method: string; path: string; params: Record<string, string>; signed: boolean };
export type Route = (params: Record<string, string>, received: Received) => { status?: number; body: string } | string;

export async function startFakeWebhookServer(routes: Record<string, Route>) {
  const received: Received[] = [];
  let base = "";
  const server: Server = createServer(async (req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? "/", base);
    const method = req.method === "GET" ? "GET" : "POST";
    const bodyParams = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString("utf8")));
    const params = method === "GET" ? Object.fromEntries(url.searchParams) : bodyParams;
    const signed = verifyV3({
      method,
      publicUrl: `${base}${url.pathname}${url.search}`,
      params: bodyParams,
      signature: (req.headers["x-plivo-signature-v3"] as string | undefined) ?? null,
      nonce: (req.headers["x-plivo-signature-v3-nonce"] as string | undefined) ?? null,
      authToken: TEST_AUTH_TOKEN,
    });
    const entry: Received = { method, path: url.pathname, params, signed };
    received.push(entry);
    const route = routes[url.pathname];
    const answer = route ? route(params, entry) : { status: 404, body: "not found" };
    const { status = 200, body } = typeof answer === "string" ? { body: answer } : answer;
    res.writeHead(status, { "content-type": "application/xml" });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    received,
    paths: () => received.map((r) => r.path),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
