// publish() batches signals into few requests without ever reordering them: the dashboard treats a seq that
// overtakes an earlier one as a gap, and a webhook must never fail because the dashboard could not be told.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import Pusher from "pusher";
import PusherClient from "pusher-js";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { FLOOR_CHANNEL, type RealtimeSignal } from "./events";
import { startLocalPusherServer, type LocalPusherServer } from "./local-pusher-server";
import { createPublisher, MAX_BATCH_EVENTS, MAX_SIGNAL_WAIT_MS, publish, type SendBatch } from "./publish";

const app = { id: "publish-test", key: "publish-key", secret: "publish-secret" };
let server: LocalPusherServer;
let connections = 0;

beforeAll(async () => {
  server = await startLocalPusherServer({ apps: [app] });
  server.server.on("connection", () => connections++);
  // publish() reads its Pusher settings from the environment on first use.
  Object.assign(process.env, {
    PUSHER_APP_ID: app.id,
    PUSHER_KEY: app.key,
    PUSHER_SECRET: app.secret,
    PUSHER_HOST: "127.0.0.1",
    PUSHER_PORT: String(server.port),
  });
});
afterAll(async () => {
  await server.close();
});
afterEach(() => {
  vi.restoreAllMocks();
});

/** A dashboard stand-in: pusher-js subscribed to the floor channel, recording every signal in arrival order. */
async function subscriber() {
  const signer = new Pusher({ appId: app.id, key: app.key, secret: app.secret, host: "127.0.0.1", port: String(server.port) });
  const client = new PusherClient(app.key, {
    cluster: "local",
    wsHost: "127.0.0.1",
    wsPort: server.port,
    forceTLS: false,
    enabledTransports: ["ws"],
    channelAuthorization: {
      endpoint: "unused",
      transport: "ajax",
      customHandler: ({ socketId, channelName }, cb) => cb(null, signer.authorizeChannel(socketId, channelName)),
    },
  });
  const received: RealtimeSignal[] = [];
  const channel = client.subscribe(FLOOR_CHANNEL);
  channel.bind_global((event: string, data: RealtimeSignal) => {
    if (!event.startsWith("pusher")) received.push(data);
  });
  await new Promise<void>((resolve) => channel.bind("pusher:subscription_succeeded", () => resolve()));
  return { received, close: () => client.disconnect() };
}

const seqs = (signals: ({ seq: number } | null)[]) => signals.map((s) => s?.seq);
const consecutive = (from: number, n: number) => Array.from({ length: n }, (_, i) => from + i);

describe("publish", () => {
  it("delivers 25 signals published in one tick in seq order, in 3 batch requests over one kept-alive connection", async () => {
    const dashboard = await subscriber();
    try {
      const before = { requests: server.stats.requests, published: server.stats.published, connections };
      const calledAt = Date.now();
      const publishedWhenResolved: number[] = [];
      const pending = Array.from({ length: 25 }, (_, i) =>
        publish("call.changed", { callId: `c${i}` }).then((signal) => {
          publishedWhenResolved.push(server.stats.published - before.published);
          return signal;
        }),
      );
      const signals = await Promise.all(pending);

      expect(signals.every((s) => s !== null)).toBe(true);
      const first = signals[0]!.seq;
      expect(seqs(signals)).toEqual(consecutive(first, 25));
      expect(signals.every((s) => s!.at >= calledAt && s!.at <= calledAt + 1000)).toBe(true);
      // Resolved only once the batch carrying it had reached the server.
      publishedWhenResolved.forEach((published, i) => expect(published).toBeGreaterThanOrEqual(i + 1));

      await expect.poll(() => dashboard.received.length).toBe(25);
      expect(seqs(dashboard.received)).toEqual(consecutive(first, 25));
      expect(dashboard.received.map((s) => s.callId)).toEqual(signals.map((s) => s!.callId));
      expect(server.stats.requests - before.requests).toBe(Math.ceil(25 / MAX_BATCH_EVENTS));
      expect(connections - before.connections).toBeLessThanOrEqual(1);
    } finally {
      dashboard.close();
    }
  });

  it("keeps one batch request in flight at a time, so slow requests never reorder signals", async () => {
    const batches: number[][] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    const send: SendBatch = async (batch) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      // Later batches answer faster: sent concurrently, they would overtake the first.
      await new Promise((r) => setTimeout(r, 30 - batches.length * 10));
      batches.push(batch.map((e) => (e.data as RealtimeSignal).seq));
      inFlight--;
    };
    const publishTo = createPublisher(send);
    const burst = Array.from({ length: 25 }, () => publishTo("agent.changed", { agentId: "a" }, FLOOR_CHANNEL));
    await new Promise((r) => setTimeout(r, 5)); // more signals while the first batch is in flight
    const late = Array.from({ length: 4 }, () => publishTo("agent.changed", { agentId: "b" }, FLOOR_CHANNEL));
    const signals = await Promise.all([...burst, ...late]);

    expect(maxInFlight).toBe(1);
    expect(batches.every((b) => b.length <= MAX_BATCH_EVENTS)).toBe(true);
    expect(batches.flat()).toEqual(seqs(signals));
    expect(batches.flat()).toEqual(consecutive(signals[0]!.seq, 29));
  });

  it("behind a slow request, drops the stale signals but sends the newest batch, so the dashboard hears of the gap soon", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const batches: number[][] = [];
    const send: SendBatch = async (batch) => {
      if (batches.length === 0) await new Promise((r) => setTimeout(r, MAX_SIGNAL_WAIT_MS + 100));
      batches.push(batch.map((e) => (e.data as RealtimeSignal).seq));
    };
    const publishTo = createPublisher(send);
    const first = publishTo("agent.changed", { agentId: "a" }, FLOOR_CHANNEL);
    await new Promise((r) => setTimeout(r, 10)); // the first batch is in flight
    const backlog = Array.from({ length: 30 }, () => publishTo("agent.changed", { agentId: "b" }, FLOOR_CHANNEL));
    const signals = await Promise.all([first, ...backlog]);

    const sent = signals.filter((s) => s !== null);
    expect(batches).toEqual([[signals[0]!.seq], seqs(signals.slice(-MAX_BATCH_EVENTS))]);
    expect(sent).toEqual([signals[0], ...signals.slice(-MAX_BATCH_EVENTS)]);
    expect(log).toHaveBeenCalledTimes(1);
    expect(JSON.parse(String(log.mock.calls[0]?.[0]))).toMatchObject({ msg: "realtime backlog: dropped stale signals", dropped: 20 });
  });

  it("lets go of the idle connection before the Pusher server's keep-alive timeout, so no batch races its close", async () => {
    server.server.keepAliveTimeout = 2_500; // announced as "Keep-Alive: timeout=2"
    const closedAfter: number[] = [];
    let sentAt = 0;
    // Watch the connection publish() opens now: drop the one the first test left idle.
    server.server.closeIdleConnections();
    await new Promise((r) => setTimeout(r, 50));
    server.server.once("connection", (socket) => socket.on("close", () => closedAfter.push(Date.now() - sentAt)));
    await publish("queue.changed", {});
    sentAt = Date.now();
    await expect.poll(() => closedAfter.length, { timeout: 4_000 }).toBe(1);
    expect(closedAfter[0]).toBeLessThan(2_000);
  });

  describe("when the Pusher server fails", () => {
    let failing: Server;
    beforeAll(async () => {
      failing = createServer((_req, res) => res.writeHead(503).end("unavailable"));
      await new Promise<void>((resolve) => failing.listen(0, "127.0.0.1", resolve));
    });
    afterAll(async () => {
      await new Promise((resolve) => failing.close(resolve));
    });

    it("resolves null, logs one JSON line per failed batch and does not throw", async () => {
      const log = vi.spyOn(console, "error").mockImplementation(() => {});
      const sdk = new Pusher({ ...app, appId: app.id, host: "127.0.0.1", port: String((failing.address() as AddressInfo).port) });
      const publishTo = createPublisher((batch) => sdk.triggerBatch(batch));
      const signals = await Promise.all(Array.from({ length: 12 }, () => publishTo("queue.changed", {}, FLOOR_CHANNEL)));

      expect(signals).toEqual(Array(12).fill(null));
      expect(log).toHaveBeenCalledTimes(2);
      const line = JSON.parse(String(log.mock.calls[0]?.[0]));
      expect(line).toMatchObject({ level: "warn", msg: "realtime publish failed" });
      expect(line.error).toContain("503");
    });

    it("sends the next batch after a failed one", async () => {
      vi.spyOn(console, "error").mockImplementation(() => {});
      let calls = 0;
      const publishTo = createPublisher(async () => {
        if (calls++ === 0) throw new Error("connection reset");
      });
      const first = await publishTo("queue.changed", {}, FLOOR_CHANNEL);
      const second = await publishTo("queue.changed", {}, FLOOR_CHANNEL);
      expect(first).toBeNull();
      expect(second).not.toBeNull();
    });

    it("publish() itself resolves null when the server is gone", async () => {
      const log = vi.spyOn(console, "error").mockImplementation(() => {});
      await server.close();
      await expect(publish("agent.changed", { agentId: "a" })).resolves.toBeNull();
      expect(log).toHaveBeenCalledTimes(1);
    });
  });
});
