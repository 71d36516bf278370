// The benchmark's keep-alive client must behave like the fetch path it replaces: signed requests arrive intact,
// statuses and redirects come back as they are, a timeout aborts, and connections are reused.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeWebhookServer, TEST_AUTH_TOKEN } from "../../tests/support/fake-webhook-server";
import { createKeepAliveClient } from "./http-transport";
import { createSigningTransport } from "./signing-transport";

let webhooks: Awaited<ReturnType<typeof startFakeWebhookServer>>;
let raw: Server;
let rawBase = "";
let connections = 0;
const client = createKeepAliveClient({ maxSockets: 4 });

beforeAll(async () => {
  webhooks = await startFakeWebhookServer({
    "/ivr/start": (params) => `<Response><Speak>${params.From ?? ""}</Speak></Response>`,
    "/ivr/broken": () => ({ status: 500, body: "boom" }),
  });
  raw = createServer((req, res) => {
    if (req.url === "/hang") return; // never answers
    if (req.url === "/redirect") return res.writeHead(302, { location: "/login" }).end();
    res.end(`${req.method} ${req.headers["content-length"] ?? "-"}`);
  });
  raw.on("connection", () => connections++);
  await new Promise<void>((resolve) => raw.listen(0, "127.0.0.1", resolve));
  rawBase = `http://127.0.0.1:${(raw.address() as AddressInfo).port}`;
});
afterAll(async () => {
  client.close();
  raw.closeAllConnections();
  await new Promise((resolve) => raw.close(resolve));
  await webhooks.close();
});

describe("createKeepAliveClient", () => {
  it.each(["POST", "GET"] as const)("carries a signed %s webhook through createSigningTransport", async (method) => {
    const transport = createSigningTransport({ authToken: TEST_AUTH_TOKEN, send: client.send });
    const res = await transport({ url: `${webhooks.base}/ivr/start`, method, params: { CallUUID: "c1", From: "+14155550100" } });
    expect(res).toEqual({ status: 200, body: "<Response><Speak>+14155550100</Speak></Response>" });
    expect(webhooks.received.at(-1)).toMatchObject({ method, path: "/ivr/start", signed: true, params: { CallUUID: "c1" } });
  });

  it("answers a non-200 status with its body instead of throwing", async () => {
    const transport = createSigningTransport({ authToken: TEST_AUTH_TOKEN, send: client.send });
    expect(await transport({ url: `${webhooks.base}/ivr/broken`, method: "POST", params: {} })).toEqual({ status: 500, body: "boom" });
  });

  it("returns a redirect rather than following it", async () => {
    expect(await client.send(`${rawBase}/redirect`, { method: "POST" })).toMatchObject({ status: 302 });
  });

  it("sends an empty POST with content-length 0, as fetch does", async () => {
    expect(await client.send(`${rawBase}/`, { method: "POST" })).toEqual({ status: 200, body: "POST 0" });
  });

  it("rejects with a TimeoutError when the server does not answer in time", async () => {
    const transport = createSigningTransport({ authToken: TEST_AUTH_TOKEN, send: client.send, timeoutMs: 100 });
    await expect(transport({ url: `${rawBase}/hang`, method: "POST", params: {} })).rejects.toMatchObject({ name: "TimeoutError" });
  });

  it("closes an idle connection before the server's announced keep-alive timeout, so reusing it cannot race", async () => {
    const server = createServer((_req, res) => res.end("ok"));
    server.keepAliveTimeout = 2_500; // announced as "Keep-Alive: timeout=2"
    const closedAfter: number[] = [];
    let answeredAt = 0;
    server.on("request", (_req, res) => res.on("finish", () => (answeredAt = Date.now())));
    server.on("connection", (socket) => socket.on("close", () => closedAfter.push(Date.now() - answeredAt)));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const fresh = createKeepAliveClient({ maxSockets: 1 });
    try {
      await fresh.send(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`, { method: "POST" });
      await expect.poll(() => closedAfter.length, { timeout: 4_000 }).toBe(1);
      expect(closedAfter[0]).toBeLessThan(2_000); // the client let go first (Node waits hint - 1 s)
    } finally {
      fresh.close();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("reuses one connection for requests made one after another", async () => {
    const fresh = createKeepAliveClient({ maxSockets: 4 });
    try {
      const before = connections;
      for (let i = 0; i < 5; i++) expect((await fresh.send(`${rawBase}/`, { method: "POST", body: "x=1" })).body).toBe("POST 3");
      expect(connections - before).toBe(1);
    } finally {
      fresh.close();
    }
  });
});
