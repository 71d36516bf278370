// publish() packs signals into few events and requests without ever reordering or dropping them: the dashboard
// treats a seq that overtakes an earlier one as a gap, and a webhook must never fail because the dashboard could
// not be told.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import Pusher from "pusher";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { FLOOR_CHANNEL, FLOOR_SIGNALS_EVENT, floorSignals, type RealtimeEventName, type RealtimeSignal } from "./events";
import { serverEnvFor, startLocalPusherServer, type LocalPusherServer } from "./local-pusher-server";
import { createPublisher, MAX_BATCH_EVENTS, MAX_EVENT_DATA_BYTES, MAX_QUEUED_SIGNALS, publish, type SendBatch } from "./publish";
import { selfSigningPusherClient } from "./self-signing-client";
import { captureLog } from "../../tests/support/capture-log";
import { bindFloorSignals } from "./subscribe";

const app = { id: "publish-test", key: "publish-key", secret: "publish-secret" };
let server: LocalPusherServer;
let connections = 0;

beforeAll(async () => {
  server = await startLocalPusherServer({ apps: [app] });
  server.server.on("connection", () => connections++);
  // publish() reads its Pusher settings from the environment on first use.
  Object.assign(process.env, serverEnvFor(app, server));
});
afterAll(async () => {
  await server.close();
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

/** A dashboard stand-in: pusher-js subscribed to the floor channel, recording every signal in arrival order. */
async function subscriber() {
  const client = selfSigningPusherClient({ app, host: "127.0.0.1", port: server.port });
  const received: Array<RealtimeSignal & { name: RealtimeEventName }> = [];
  const other: string[] = [];
  const channel = client.subscribe(FLOOR_CHANNEL);
  bindFloorSignals(channel, (name, signal) => received.push({ ...signal, name }));
  channel.bind_global((event: string) => {
    if (!event.startsWith("pusher") && event !== FLOOR_SIGNALS_EVENT) other.push(event);
  });
  await new Promise<void>((resolve) => channel.bind("pusher:subscription_succeeded", () => resolve()));
  return { received, other, close: () => client.disconnect() };
}

/** What the local Pusher server was sent, read off the wire: per batch request, each event's name and data size. */
function recordRequests() {
  const requests: { name: string; bytes: number }[][] = [];
  const onRequest = (req: IncomingMessage) => {
    if (!req.url?.includes("/batch_events")) return;
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const { batch } = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { batch: { name: string; data: string }[] };
      requests.push(batch.map((e) => ({ name: e.name, bytes: Buffer.byteLength(e.data) })));
    });
  };
  server.server.on("request", onRequest);
  return { requests, stop: () => server.server.off("request", onRequest) };
}

/** A SendBatch stand-in that unpacks what it is given, checking each request against hosted Pusher's limits. */
function unpacking(respond: (requestIndex: number) => Promise<unknown> = async () => {}) {
  const requests: { channel: string; seqs: number[]; bytes: number }[][] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const send: SendBatch = async (batch) => {
    const index = requests.length;
    requests.push(
      batch.map((e) => {
        expect(e.name).toBe(FLOOR_SIGNALS_EVENT);
        expect(typeof e.data).toBe("string");
        const data = floorSignals.parse(JSON.parse(e.data as string));
        return { channel: e.channel, seqs: data.signals.map((s) => s.seq), bytes: Buffer.byteLength(e.data as string) };
      }),
    );
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    try {
      await respond(index);
    } finally {
      inFlight--;
    }
  };
  return {
    send,
    requests,
    maxInFlight: () => maxInFlight,
    /** Every signal's seq in the order sent, per channel. */
    sent: (channel = FLOOR_CHANNEL) => requests.flat().filter((e) => e.channel === channel).flatMap((e) => e.seqs),
  };
}

const seqs = (signals: ({ seq: number } | null)[]) => signals.map((s) => s?.seq);
const consecutive = (from: number, n: number) => Array.from({ length: n }, (_, i) => from + i);
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
/** Realistic ids: a cuid-sized call id and a UUID-sized call uuid, so a signal weighs what production's do. */
const callPayload = (i: number) => ({ callId: `cmh${String(i).padStart(22, "0")}`, callUuid: `${String(i).padStart(8, "0")}-1b2c-4d5e-8f90-a1b2c3d4e5f6`, status: "IN_PROGRESS", step: "MENU" });

describe("publish", () => {
  it("delivers 500 signals published in one tick, all and in seq order, in two batch requests of packed events under 10 KB", async () => {
    const dashboard = await subscriber();
    const wire = recordRequests();
    try {
      const before = { requests: server.stats.requests, published: server.stats.published, connections };
      const calledAt = Date.now();
      const requestsWhenResolved: number[] = [];
      const pending = Array.from({ length: 500 }, (_, i) =>
        publish(i % 5 === 0 ? "agent.changed" : "call.changed", callPayload(i)).then((signal) => {
          requestsWhenResolved.push(server.stats.requests - before.requests);
          return signal;
        }),
      );
      const signals = await Promise.all(pending);

      expect(signals.every((s) => s !== null)).toBe(true);
      const first = signals[0]!.seq;
      expect(seqs(signals)).toEqual(consecutive(first, 500));
      expect(signals.every((s) => s!.at >= calledAt && s!.at <= calledAt + 1000)).toBe(true);
      // Resolved only once the request carrying it had reached the server.
      expect(requestsWhenResolved.every((n) => n >= 1)).toBe(true);

      await expect.poll(() => dashboard.received.length).toBe(500);
      expect(seqs(dashboard.received)).toEqual(consecutive(first, 500));
      expect(dashboard.received).toEqual(signals.map((s, i) => ({ ...s, name: i % 5 === 0 ? "agent.changed" : "call.changed" })));
      expect(dashboard.other).toEqual([]);

      // ~200 bytes a signal: ~45 to an event of at most 9 KB, ~450 to a request of 10 events. One event per
      // signal took 50 requests.
      expect(server.stats.requests - before.requests).toBe(2);
      expect(connections - before.connections).toBeLessThanOrEqual(1);
      expect(wire.requests.length).toBe(2);
      expect(wire.requests.every((events) => events.length <= MAX_BATCH_EVENTS)).toBe(true);
      const events = wire.requests.flat();
      expect(events.length).toBe(server.stats.published - before.published);
      expect(events.every((e) => e.name === FLOOR_SIGNALS_EVENT)).toBe(true);
      expect(Math.max(...events.map((e) => e.bytes))).toBeLessThanOrEqual(MAX_EVENT_DATA_BYTES);
      expect(MAX_EVENT_DATA_BYTES).toBeLessThan(10 * 1024);
      // Packed tight: every event but the last was closed only when the next signal (≤ 200 bytes) would not fit.
      const total = events.reduce((n, e) => n + e.bytes, 0);
      expect(events.slice(0, -1).every((e) => e.bytes > MAX_EVENT_DATA_BYTES - 200)).toBe(true);
      expect(total).toBeGreaterThan(500 * 150);
    } finally {
      wire.stop();
      dashboard.close();
    }
  });

  it("spreads a backlog larger than one request over strictly sequential requests, in order, never over the limits", async () => {
    // Later requests answer faster: sent concurrently, they would overtake the first.
    vi.useFakeTimers(); // the stand-in's response times are simulated, not waited for
    const pusher = unpacking((i) => sleep(Math.max(0, 30 - i * 10)));
    const publishTo = createPublisher(pusher.send);
    const burst = Array.from({ length: 1500 }, (_, i) => publishTo("call.changed", callPayload(i), FLOOR_CHANNEL));
    await vi.advanceTimersByTimeAsync(5); // more signals while the first request is in flight
    expect(pusher.requests.length).toBe(1);
    const late = Array.from({ length: 40 }, (_, i) => publishTo("agent.changed", { agentId: `a${i}`, status: "BUSY" }, FLOOR_CHANNEL));
    const all = Promise.all([...burst, ...late]);
    await vi.runAllTimersAsync();
    const signals = await all;

    expect(signals.every((s) => s !== null)).toBe(true);
    expect(pusher.maxInFlight()).toBe(1);
    expect(pusher.requests.length).toBeGreaterThanOrEqual(3);
    expect(pusher.requests.length).toBeLessThanOrEqual(5);
    expect(pusher.requests.every((r) => r.length <= MAX_BATCH_EVENTS)).toBe(true);
    expect(pusher.requests.flat().every((e) => e.bytes <= MAX_EVENT_DATA_BYTES)).toBe(true);
    expect(pusher.sent()).toEqual(seqs(signals));
    expect(pusher.sent()).toEqual(consecutive(signals[0]!.seq, 1540));
  });

  it("keeps each channel's signals in order when several channels share a request", async () => {
    const pusher = unpacking();
    const publishTo = createPublisher(pusher.send);
    const channels = [FLOOR_CHANNEL, "private-other"];
    const signals = await Promise.all(Array.from({ length: 400 }, (_, i) => publishTo("call.changed", callPayload(i), channels[i % 3 === 0 ? 1 : 0]!)));

    expect(pusher.requests.length).toBe(1);
    for (const channel of channels) {
      const expected = signals.filter((_, i) => channels[i % 3 === 0 ? 1 : 0] === channel);
      expect(pusher.sent(channel)).toEqual(seqs(expected));
    }
  });

  it("numbers each channel on its own: signals to agents' channels leave no gap in the floor channel's numbers", async () => {
    const pusher = unpacking();
    const publishTo = createPublisher(pusher.send);
    const signals = await Promise.all(Array.from({ length: 30 }, (_, i) => publishTo("agent.changed", { agentId: `a${i}`, status: "BUSY" }, i % 2 === 0 ? FLOOR_CHANNEL : `private-agent-a${i}`)));
    const floor = pusher.sent(FLOOR_CHANNEL);
    expect(floor).toHaveLength(15);
    expect(floor).toEqual(consecutive(floor[0]!, 15));
    expect(signals.every((s) => s !== null)).toBe(true);
  });

  it("drops nothing behind a slow request: every queued signal is sent once it completes", async () => {
    vi.useFakeTimers();
    const log = captureLog("warn");
    const pusher = unpacking((i) => sleep(i === 0 ? 300 : 0));
    const publishTo = createPublisher(pusher.send);
    const first = publishTo("agent.changed", { agentId: "a" }, FLOOR_CHANNEL);
    await vi.advanceTimersByTimeAsync(10); // the first request is in flight
    const backlog = Array.from({ length: 300 }, (_, i) => publishTo("call.changed", callPayload(i), FLOOR_CHANNEL));
    await vi.advanceTimersByTimeAsync(150); // ...and the backlog has been waiting far longer than the old 100 ms cut-off
    expect(pusher.requests.length).toBe(1);
    const more = Array.from({ length: 20 }, () => publishTo("queue.changed", {}, FLOOR_CHANNEL));
    const all = Promise.all([first, ...backlog, ...more]);
    await vi.runAllTimersAsync();
    const signals = await all;

    expect(signals.every((s) => s !== null)).toBe(true);
    expect(pusher.sent()).toEqual(consecutive(signals[0]!.seq, 321));
    expect(pusher.requests.length).toBe(2);
    expect(log.lines).toEqual([]);
  });

  it("as a last resort past MAX_QUEUED_SIGNALS, drops the oldest queued signals, logged at most once per interval, and keeps order", async () => {
    vi.useFakeTimers();
    const log = captureLog("warn");
    const pusher = unpacking((i) => sleep(i === 0 ? 100 : 0));
    const publishTo = createPublisher(pusher.send, { maxQueued: 50, logIntervalMs: 200 });
    const first = publishTo("agent.changed", { agentId: "a" }, FLOOR_CHANNEL);
    await vi.advanceTimersByTimeAsync(10); // the first request is in flight
    const backlog = Array.from({ length: 80 }, () => publishTo("agent.changed", { agentId: "b" }, FLOOR_CHANNEL));
    const all = Promise.all([first, ...backlog]);
    await vi.advanceTimersByTimeAsync(100); // the first request answers; the drop log's interval has not ended
    const signals = await all;

    expect(signals.slice(1, 31)).toEqual(Array(30).fill(null));
    expect(signals.slice(31).every((s) => s !== null)).toBe(true);
    expect(pusher.sent()).toEqual(seqs([signals[0]!, ...signals.slice(31)]));
    // The first drop is logged at once, the other 29 together when the interval ends.
    expect(log.lines).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(200);
    const lines = log.lines;
    expect(lines).toEqual([
      { level: "warn", msg: "realtime backlog full: dropped the oldest signals", dropped: 1, maxQueued: 50 },
      { level: "warn", msg: "realtime backlog full: dropped the oldest signals", dropped: 29, maxQueued: 50 },
    ]);
    expect(MAX_QUEUED_SIGNALS).toBeGreaterThanOrEqual(10_000);
  });

  it("refuses a signal too large for one Pusher event on its own, and still sends the rest", async () => {
    const log = captureLog("warn");
    const pusher = unpacking();
    const publishTo = createPublisher(pusher.send);
    const [before, huge, after] = await Promise.all([
      publishTo("call.changed", { step: "MENU" }, FLOOR_CHANNEL),
      publishTo("call.changed", { step: "x".repeat(MAX_EVENT_DATA_BYTES) }, FLOOR_CHANNEL),
      publishTo("call.changed", { step: "MESSAGE" }, FLOOR_CHANNEL),
    ]);
    expect(huge).toBeNull();
    expect(pusher.sent()).toEqual([before!.seq, after!.seq]);
    expect(after!.seq).toBe(before!.seq + 2); // the refused one's seq is a gap: dashboards re-fetch
    expect(log.lines[0]).toMatchObject({ msg: "realtime signal too large to publish" });
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

    it("resolves null, logs one JSON line per failed request and does not throw", async () => {
      const log = captureLog("warn");
      const sdk = new Pusher({ ...app, appId: app.id, host: "127.0.0.1", port: String((failing.address() as AddressInfo).port) });
      let requests = 0;
      const publishTo = createPublisher((batch) => {
        requests++;
        return sdk.triggerBatch(batch);
      });
      const signals = await Promise.all(Array.from({ length: 1500 }, (_, i) => publishTo("call.changed", callPayload(i), FLOOR_CHANNEL)));

      expect(signals).toEqual(Array(1500).fill(null));
      expect(requests).toBeGreaterThan(1);
      expect(log.lines).toHaveLength(requests);
      const lines = log.lines;
      expect(lines[0]).toMatchObject({ level: "warn", msg: "realtime publish failed" });
      expect(String(lines[0]!.error)).toContain("503");
      expect(lines.reduce((n, line) => n + Number(line.signals), 0)).toBe(1500);
    });

    it("sends the next request after a failed one", async () => {
      captureLog("warn");
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
      const log = captureLog("warn");
      const port = server.port;
      await server.close();
      try {
        await expect(publish("agent.changed", { agentId: "a" })).resolves.toBeNull();
        expect(log.lines).toHaveLength(1);
      } finally {
        // Back on the same port: publish() keeps the address it read first, and the tests that run after this one
        // (in any order: `vitest --sequence.shuffle`) publish to it again.
        server = await startLocalPusherServer({ apps: [app], port });
        server.server.on("connection", () => connections++);
      }
    });
  });
});
