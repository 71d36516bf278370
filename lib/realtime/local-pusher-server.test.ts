// The local Pusher-protocol server must behave like hosted Pusher for the official libraries.
import Pusher from "pusher";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { startLocalPusherServer, type LocalPusherServer } from "./local-pusher-server";
import { selfSigningPusherClient } from "./self-signing-client";

const app = { id: "test-app", key: "test-key", secret: "test-secret" };
let server: LocalPusherServer;

beforeAll(async () => {
  server = await startLocalPusherServer({ apps: [app] });
});
afterAll(async () => {
  await server.close();
});

function sdk(overrides: Partial<{ key: string; secret: string }> = {}) {
  return new Pusher({
    appId: app.id,
    key: overrides.key ?? app.key,
    secret: overrides.secret ?? app.secret,
    host: "127.0.0.1",
    port: String(server.port),
    useTLS: false,
  });
}

function browserClient(key = app.key) {
  return selfSigningPusherClient({ app, host: "127.0.0.1", port: server.port, clientKey: key });
}

function nextEvent<T>(bind: (resolve: (value: T) => void) => void, ms = 5000) {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("timed out waiting for event")), ms);
    bind((value) => {
      clearTimeout(timer);
      resolve(value);
    });
  });
}

describe("local Pusher server", () => {
  it("delivers an event published with the pusher SDK to a pusher-js subscriber on a private channel", async () => {
    const client = browserClient();
    try {
      const channel = client.subscribe("private-floor");
      await nextEvent<void>((resolve) => channel.bind("pusher:subscription_succeeded", () => resolve()));
      const received = nextEvent<unknown>((resolve) => channel.bind("agent.changed", resolve));
      const response = await sdk().trigger("private-floor", "agent.changed", { seq: 1, agentId: "a1" });
      expect(response.status).toBe(200);
      expect(await received).toEqual({ seq: 1, agentId: "a1" });
    } finally {
      client.disconnect();
    }
  });

  it("delivers a batch of events (POST /apps/:id/batch_events) in the order given, across channels", async () => {
    const client = browserClient();
    try {
      const floor = client.subscribe("private-floor");
      const room = client.subscribe("public-room");
      await Promise.all(
        [floor, room].map((ch) => nextEvent<void>((resolve) => ch.bind("pusher:subscription_succeeded", () => resolve()))),
      );
      const received: unknown[] = [];
      floor.bind("tick", (data: unknown) => received.push(["floor", data]));
      room.bind("tick", (data: unknown) => received.push(["room", data]));
      const expected = Array.from({ length: 10 }, (_, n) => [n % 3 === 0 ? "room" : "floor", { n }] as const);
      // (the SDK serialises `data` in place, so the batch is built fresh from the expectation)
      const batch = expected.map(([ch, data]) => ({ channel: ch === "room" ? "public-room" : "private-floor", name: "tick", data: { ...data } }));
      const response = await sdk().triggerBatch(batch);
      expect(response.status).toBe(200);
      await expect.poll(() => received.length).toBe(10);
      expect(received).toEqual(expected);
    } finally {
      client.disconnect();
    }
  });

  it("rejects a batch signed with the wrong secret (401) and delivers none of it", async () => {
    const before = { ...server.stats };
    await expect(sdk({ secret: "wrong" }).triggerBatch([{ channel: "public-room", name: "b", data: {} }])).rejects.toMatchObject({
      status: 401,
    });
    expect(server.stats.published).toBe(before.published);
    expect(server.stats.delivered).toBe(before.delivered);
    expect(server.stats.rejected).toBe(before.rejected + 1);
  });

  it("refuses a batch of more than 10 events, as hosted Pusher does", async () => {
    const before = server.stats.published;
    const batch = Array.from({ length: 11 }, (_, n) => ({ channel: "public-room", name: "b", data: { n } }));
    await expect(sdk().triggerBatch(batch)).rejects.toMatchObject({ status: 400 });
    expect(server.stats.published).toBe(before);
  });

  it("rejects a publish signed with the wrong secret (401) and delivers nothing", async () => {
    const before = server.stats.published;
    await expect(sdk({ secret: "wrong" }).trigger("private-floor", "agent.changed", {})).rejects.toMatchObject({ status: 401 });
    expect(server.stats.published).toBe(before);
  });

  it("rejects a publish with an unknown key (401)", async () => {
    await expect(sdk({ key: "nope" }).trigger("private-floor", "x", {})).rejects.toMatchObject({ status: 401 });
  });

  it("rejects a tampered body (body_md5 no longer matches)", async () => {
    const url = `http://127.0.0.1:${server.port}/apps/${app.id}/events?auth_key=${app.key}&auth_timestamp=${Math.floor(Date.now() / 1000)}&auth_version=1.0&body_md5=00&auth_signature=00`;
    const res = await fetch(url, { method: "POST", body: JSON.stringify({ name: "x", channels: ["c"], data: "{}" }) });
    expect(res.status).toBe(401);
  });

  it("answers a connection with an unknown app key with pusher:error 4001", async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/app/unknown-key?protocol=7`);
    const message = await nextEvent<{ event: string; data: { code: number } }>((resolve) =>
      ws.on("message", (raw) => resolve(JSON.parse(String(raw)))),
    );
    expect(message.event).toBe("pusher:error");
    expect(message.data.code).toBe(4001);
    ws.close();
  });

  it("refuses a private subscription with a forged auth signature", async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/app/${app.key}?protocol=7`);
    const messages: { event: string; data: unknown }[] = [];
    const established = nextEvent<string>((resolve) =>
      ws.on("message", (raw) => {
        const m = JSON.parse(String(raw));
        messages.push(m);
        if (m.event === "pusher:connection_established") resolve(JSON.parse(m.data).socket_id);
      }),
    );
    await established;
    ws.send(JSON.stringify({ event: "pusher:subscribe", data: { channel: "private-floor", auth: `${app.key}:forged` } }));
    await expect.poll(() => messages.map((m) => m.event)).toContain("pusher:subscription_error");
    ws.send(JSON.stringify({ event: "pusher:ping", data: {} }));
    await expect.poll(() => messages.map((m) => m.event)).toContain("pusher:pong");
    ws.close();
  });
});
