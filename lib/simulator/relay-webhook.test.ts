// The relay signs for the browser, but only in simulator mode and only towards our own webhook paths.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadEnv } from "../env";
import { startFakeWebhookServer, TEST_AUTH_TOKEN } from "../../tests/support/fake-webhook-server";
import { relayWebhook } from "./relay-webhook";

let server: Awaited<ReturnType<typeof startFakeWebhookServer>>;
beforeAll(async () => {
  server = await startFakeWebhookServer({ "/ivr/start": () => "<Response><Hangup/></Response>" });
});
afterAll(() => server.close());

const simulatorEnv = () => loadEnv({ PUBLIC_BASE_URL: server.base, PLIVO_AUTH_TOKEN: TEST_AUTH_TOKEN });
const body = (url: string) => ({ url, method: "POST", params: { CallUUID: "c1", From: "+14155550100", To: "+14155550199" } });

describe("relayWebhook", () => {
  it("signs and forwards a webhook request, answering {status, body}", async () => {
    const out = await relayWebhook(body(`${server.base}/ivr/start`), { env: simulatorEnv(), origin: server.base });
    expect(out).toEqual({ status: 200, body: { status: 200, body: "<Response><Hangup/></Response>" } });
    expect(server.received.at(-1)).toMatchObject({ path: "/ivr/start", signed: true, params: { CallUUID: "c1" } });
  });

  it.each([
    ["another host", "http://evil.example/ivr/start"],
    ["a non-webhook path", "/api/agents"],
    ["path traversal", "/ivr/../api/agents"],
  ])("refuses %s", async (_, path) => {
    const before = server.received.length;
    const url = path.startsWith("http") ? path : `${server.base}${path}`;
    const out = await relayWebhook(body(url), { env: simulatorEnv(), origin: server.base });
    expect(out.status).toBe(403);
    expect(server.received.length).toBe(before);
  });

  it("refuses malformed input", async () => {
    const out = await relayWebhook({ url: "not a url", method: "DELETE", params: {} }, { env: simulatorEnv(), origin: server.base });
    expect(out.status).toBe(400);
  });

  it("is off when Plivo is configured", async () => {
    const env = loadEnv({ PUBLIC_BASE_URL: server.base, PLIVO_AUTH_ID: "MA123", PLIVO_AUTH_TOKEN: "t", PLIVO_FROM_NUMBER: "+14155550100" });
    const out = await relayWebhook(body(`${server.base}/ivr/start`), { env, origin: server.base });
    expect(out.status).toBe(403);
  });
});
