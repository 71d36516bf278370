// Server-side publishing with the official `pusher` SDK: hosted Pusher in production, the local Pusher-protocol
// server otherwise, selected purely by environment. Call publish() after the database commit, never inside a
// transaction: a rolled-back change must not be announced.
//
// Every webhook publishes, so under load one HTTP request per signal costs more than the webhook itself. Signals
// are therefore queued and sent with Pusher's batch endpoint over one kept-alive connection: signals published
// in the same tick share a request, and while a request is in flight the next batch accumulates. One request at
// a time of at most 10 events caps the rate at 10 per round trip; past it, stale signals are dropped (below).
import { randomUUID } from "node:crypto";
import { Agent as HttpAgent } from "node:http";
import { Agent as HttpsAgent } from "node:https";
import Pusher from "pusher";
import { env } from "../env";
import { FLOOR_CHANNEL, type RealtimeEventName, type RealtimeSignal } from "./events";

/** Hosted Pusher accepts at most 10 events per batch request (multi-tenant clusters). */
export const MAX_BATCH_EVENTS = 10;
/** Batches go out one at a time, so a hung request would hold back every later signal: give up on it. */
const REQUEST_TIMEOUT_MS = 5_000;
const KEEP_ALIVE = { keepAlive: true, timeout: 4_000 };
/**
 * A queued signal older than this is dropped when newer ones wait behind it. Dashboards treat a signal and a gap in
 * seq alike (they re-fetch), so under a backlog the newest signals plus a gap tell them everything, sooner.
 */
export const MAX_SIGNAL_WAIT_MS = 100;
const DROP_LOG_INTERVAL_MS = 10_000;

const globalForPusher = globalThis as unknown as { pusher?: Pusher };

export function pusherServer(): Pusher {
  if (!globalForPusher.pusher) {
    const p = env().pusher;
    globalForPusher.pusher = new Pusher({
      appId: p.appId,
      key: p.key,
      secret: p.secret,
      cluster: p.cluster,
      useTLS: p.useTLS,
      ...(p.host ? { host: p.host, port: String(p.port) } : {}),
      // Reuse the connection (and its TLS session) instead of a handshake per request. `timeout` closes it when
      // idle: without one Node ignores the server's "Keep-Alive: timeout" hint, and a batch sent just as the server
      // drops the connection would be lost to ECONNRESET.
      agent: p.useTLS ? new HttpsAgent(KEEP_ALIVE) : new HttpAgent(KEEP_ALIVE),
      timeout: REQUEST_TIMEOUT_MS,
    });
  }
  return globalForPusher.pusher;
}

/** This server instance's stream: a random id and a counter, so each event's number costs no I/O. */
const globalForStream = globalThis as unknown as { realtimeStream?: { src: string; seq: number } };
function nextInStream(): { src: string; seq: number } {
  globalForStream.realtimeStream ??= { src: randomUUID().slice(0, 12), seq: 0 };
  const stream = globalForStream.realtimeStream;
  stream.seq += 1;
  return { src: stream.src, seq: stream.seq };
}

export type SendBatch = (batch: Pusher.BatchEvent[]) => Promise<unknown>;
type Queued = { channel: string; name: RealtimeEventName; signal: RealtimeSignal; settle: (sent: RealtimeSignal | null) => void };

/**
 * A publish() over `send` (one batch request). Events leave in the order they were published, at most
 * MAX_BATCH_EVENTS per request and one request at a time: the dashboard reads a seq that overtakes an earlier one
 * as a gap and re-fetches. Each call resolves once its batch was sent: to its signal, or null if that failed or the
 * signal was dropped as stale.
 */
export function createPublisher(send: SendBatch, options: { maxWaitMs?: number } = {}) {
  const maxWaitMs = options.maxWaitMs ?? MAX_SIGNAL_WAIT_MS;
  const queue: Queued[] = [];
  let draining = false;
  let dropped = 0;
  let droppedLoggedAt = -Infinity;

  /** Drops the oldest signals past maxWaitMs, always keeping the newest full batch: it is what gets sent next. */
  const dropStale = () => {
    const cutoff = Date.now() - maxWaitMs;
    let n = 0;
    while (n < queue.length - MAX_BATCH_EVENTS && queue[n]!.signal.at < cutoff) n++;
    if (n === 0) return;
    for (const q of queue.splice(0, n)) q.settle(null);
    dropped += n;
    if (Date.now() - droppedLoggedAt >= DROP_LOG_INTERVAL_MS) {
      console.error(JSON.stringify({ level: "warn", msg: "realtime backlog: dropped stale signals", dropped, maxWaitMs }));
      dropped = 0;
      droppedLoggedAt = Date.now();
    }
  };

  const drain = async () => {
    try {
      while (queue.length > 0) {
        dropStale();
        const chunk = queue.splice(0, MAX_BATCH_EVENTS);
        try {
          await send(chunk.map((q) => ({ channel: q.channel, name: q.name, data: q.signal })));
          for (const q of chunk) q.settle(q.signal);
        } catch (err) {
          // A lost batch shows on the dashboard as a gap in seq, which makes it re-fetch.
          const events = chunk.map((q) => q.name);
          const seq = [chunk[0]?.signal.seq, chunk.at(-1)?.signal.seq];
          console.error(JSON.stringify({ level: "warn", msg: "realtime publish failed", events, seq, error: String(err) }));
          for (const q of chunk) q.settle(null);
        }
      }
    } finally {
      draining = false;
    }
  };

  return (name: RealtimeEventName, payload: Omit<RealtimeSignal, "src" | "seq" | "at">, channel: string): Promise<RealtimeSignal | null> => {
    // Numbered and stamped now, in call order; `at` is when the change happened, for latency measurement.
    const signal: RealtimeSignal = { ...payload, ...nextInStream(), at: Date.now() };
    return new Promise((settle) => {
      queue.push({ channel, name, signal, settle });
      if (draining) return; // the running drain picks it up after the request in flight
      draining = true;
      setImmediate(drain); // let the rest of this tick's signals join the first batch
    });
  };
}

const globalForPublisher = globalThis as unknown as { realtimePublisher?: ReturnType<typeof createPublisher> };

/**
 * Publish a signal to the supervisors' channel. Failures are logged, not thrown: a caller's webhook must never
 * fail because the dashboard could not be told (the dashboard re-syncs on its next event or reconnect).
 */
export function publish(
  name: RealtimeEventName,
  payload: Omit<RealtimeSignal, "src" | "seq" | "at">,
  channel = FLOOR_CHANNEL,
): Promise<RealtimeSignal | null> {
  globalForPublisher.realtimePublisher ??= createPublisher(async (batch) => {
    const res = await pusherServer().triggerBatch(batch);
    await res.text(); // read to the end so the kept-alive socket is free for the next batch
  });
  return globalForPublisher.realtimePublisher(name, payload, channel);
}
