// The local Pusher server refuses what hosted Pusher refuses (channel names > 164 characters or outside the charset,
// event names outside the charset, client events unless enabled) and pings its clients, so a local test cannot pass
// on something hosted Pusher would reject. Also: our one event name is in Pusher's charset.
import Pusher from "pusher";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { FLOOR_CHANNEL, FLOOR_SIGNALS_EVENT } from "./events";
import { startLocalPusherServer, type LocalPusherServer } from "./local-pusher-server";
import { channelName, eventName } from "./pusher-names";

const app = { id: "conf-app", key: "conf-key", secret: "conf-secret" };
let server: LocalPusherServer;
beforeAll(async () => {
  server = await startLocalPusherServer({ apps: [app], pingIntervalMs: 200 });
});
afterAll(() => server.close());

const sdk = () => new Pusher({ appId: app.id, key: app.key, secret: app.secret, host: "127.0.0.1", port: String(server.port), useTLS: false });

async function socket(): Promise<{ ws: WebSocket; next: (event: string) => Promise<Record<string, unknown>> }> {
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/app/${app.key}?protocol=7`);
  const messages: Array<Record<string, unknown>> = [];
  const waiters: Array<() => void> = [];
  ws.on("message", (raw) => {
    messages.push(JSON.parse(String(raw)) as Record<string, unknown>);
    for (const w of waiters.splice(0)) w();
  });
  const next = async (event: string) => {
    for (const deadline = Date.now() + 3000; Date.now() < deadline; ) {
      const i = messages.findIndex((m) => m.event === event);
      if (i >= 0) return messages.splice(i, 1)[0]!;
      await new Promise<void>((r) => {
        waiters.push(r);
        setTimeout(r, 50);
      });
    }
    throw new Error(`no ${event}`);
  };
  await next("pusher:connection_established");
  return { ws, next };
}

describe("local Pusher server conformance", () => {
  it("our floor channel and event names are in Pusher's documented charset", () => {
    expect(channelName.safeParse(FLOOR_CHANNEL).success).toBe(true);
    expect(eventName.safeParse(FLOOR_SIGNALS_EVENT).success).toBe(true);
    expect(FLOOR_SIGNALS_EVENT).toBe("floor-signals");
  });

  it("REST refuses a channel name over 164 characters or with '#', and an event name with a space", async () => {
    // The SDK's generic signed POST, so the server (not the SDK's own checks) is what refuses.
    const post = (channel: string, name: string) => sdk().post({ path: "/events", body: { name, data: "{}", channels: [channel] } as never });
    await expect(post("c".repeat(165), "ok")).rejects.toMatchObject({ status: 400 });
    await expect(post("bad#channel", "ok")).rejects.toMatchObject({ status: 400 });
    await expect(post("good-channel", "bad event")).rejects.toMatchObject({ status: 400 });
    await expect(post("c".repeat(164), "good-event")).resolves.toMatchObject({ status: 200 });
  });

  it("a subscription to an invalid channel name gets a connection-level pusher:error", async () => {
    const { ws, next } = await socket();
    ws.send(JSON.stringify({ event: "pusher:subscribe", data: { channel: "bad#name" } }));
    expect((await next("pusher:error")).data).toMatchObject({ message: expect.stringContaining("Invalid channel name") });
    ws.close();
  });

  it("client events are refused unless enabled, and the server pings", async () => {
    const { ws, next } = await socket();
    ws.send(JSON.stringify({ event: "client-typing", channel: "private-x", data: {} }));
    expect((await next("pusher:error")).data).toMatchObject({ message: expect.stringContaining("client events") });
    await next("pusher:ping");
    ws.close();
  });
});
