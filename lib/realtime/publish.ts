// Server-side publishing with the official `pusher` SDK: hosted Pusher in production, the local Pusher-protocol
// server otherwise, selected purely by environment. Call publish() after the database commit, never inside a
// transaction: a rolled-back change must not be announced.
//
// Every webhook publishes, so under load one HTTP request per signal costs more than the webhook itself. Signals
// are therefore queued and sent over one kept-alive connection, many per request: signals published in the same
// tick share a request, and while a request is in flight the next one accumulates. Each request packs the whole
// queue into FLOOR_SIGNALS_EVENT events (many signals each, under Pusher's per-event size limit), up to 10 events
// per batch request (Pusher's batch limit): a few hundred signals per round trip instead of 10, so nothing needs
// to be dropped to keep up.
import { randomUUID } from "node:crypto";
import { Agent as HttpAgent } from "node:http";
import { Agent as HttpsAgent } from "node:https";
import Pusher from "pusher";
import { env } from "../env";
import { log } from "../log";
import { restartingPublishThread, startPublishThread } from "./publish-thread";
import {
  FLOOR_CHANNEL,
  FLOOR_SIGNALS_EVENT,
  PUSHER_MAX_BATCH_EVENTS,
  PUSHER_MAX_EVENT_DATA_BYTES,
  type RealtimeEventName,
  type RealtimeSignal,
} from "./events";

/** Events per batch request: hosted Pusher's limit. */
export const MAX_BATCH_EVENTS = PUSHER_MAX_BATCH_EVENTS;
/**
 * Hosted Pusher refuses an event whose data (the JSON string, in UTF-8 bytes) exceeds 10 KB = 10,240 bytes. Packs
 * are measured exactly and kept 1 KB under it, so a miscount or a few bytes of overhead on Pusher's side still fit.
 * (Channels named private-encrypted-* would grow in encryption; none is used.)
 */
export const MAX_EVENT_DATA_BYTES = PUSHER_MAX_EVENT_DATA_BYTES - 1024;
/**
 * Last-resort safety valve, not flow control: one request moves hundreds of signals, so the queue stays short even
 * far past the bench's load. It only fills while Pusher is unreachable (each attempt waits up to the request
 * timeout), and unbounded it would then hold every pending publish() (and the after() work awaiting it) in memory
 * and flood dashboards with stale signals once Pusher is back. Past this many the oldest are dropped (resolving
 * null, logged at most every 10 s); the gap in seq makes dashboards re-fetch, which they do on reconnect anyway.
 */
export const MAX_QUEUED_SIGNALS = 10_000;
/** Requests go out one at a time, so a hung request would hold back every later signal: give up on it. */
const REQUEST_TIMEOUT_MS = 5_000;
const KEEP_ALIVE = { keepAlive: true, timeout: 4_000 };
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

/**
 * This server instance's streams: a random id and a counter per channel, so each event's number costs no I/O and a
 * subscriber sees its channel's numbers without holes. (One counter for every channel made each signal to an
 * agent's own channel a gap on the floor channel: a third of the floor's signals looked missed under load, and
 * every dashboard re-rendered for them.) Channels are the floor plus one per agent, so the map stays that small.
 */
const globalForStream = globalThis as unknown as { realtimeStream?: { src: string; seq: Map<string, number> } };
function nextInStream(channel: string): { src: string; seq: number } {
  globalForStream.realtimeStream ??= { src: randomUUID().slice(0, 12), seq: new Map() };
  const stream = globalForStream.realtimeStream;
  const seq = (stream.seq.get(channel) ?? 0) + 1;
  stream.seq.set(channel, seq);
  return { src: stream.src, seq };
}

export type SendBatch = (batch: Pusher.BatchEvent[]) => Promise<unknown>;
type Queued = {
  channel: string;
  signal: RealtimeSignal;
  /** The signal as packed, `{"event":...,"src":...}`: serialized once, at publish. */
  json: string;
  bytes: number;
  settle: (sent: RealtimeSignal | null) => void;
};
type Pack = { channel: string; items: Queued[]; bytes: number };

const PACK_HEAD = '{"signals":[';
const PACK_TAIL = "]}";
/** Bytes of a pack's data around its signals; each signal after the first adds a comma. */
const PACK_ENVELOPE_BYTES = PACK_HEAD.length + PACK_TAIL.length;
const packData = (items: Queued[]) => PACK_HEAD + items.map((q) => q.json).join(",") + PACK_TAIL;

const warn = ({ msg, ...fields }: { msg: string } & Record<string, unknown>) => log.warn(fields, msg);

/**
 * A publish() over `send` (one batch request). Each request carries as much of the queue as fits in
 * MAX_BATCH_EVENTS events of at most MAX_EVENT_DATA_BYTES, oldest first; requests go out strictly one at a time,
 * so signals arrive in the order they were published (the dashboard reads a seq that overtakes an earlier one as
 * a gap and re-fetches). Each call resolves once its request was sent: to its signal, or null if that failed (or,
 * exceptionally, if the signal was over the size limit alone or pushed out of a full queue: see MAX_QUEUED_SIGNALS).
 */
export function createPublisher(send: SendBatch, options: SignalQueueOptions = {}) {
  const enqueue = createSignalQueue(send, options);
  return (name: RealtimeEventName, payload: Omit<RealtimeSignal, "src" | "seq" | "at">, channel: string): Promise<RealtimeSignal | null> =>
    enqueue(name, stamp(payload, channel), channel);
}

/** Numbered (per channel) and stamped in call order; `at` is when the change happened, for latency measurement. */
function stamp(payload: Omit<RealtimeSignal, "src" | "seq" | "at">, channel: string): RealtimeSignal {
  return { ...payload, ...nextInStream(channel), at: Date.now() };
}

type SignalQueueOptions = { maxQueued?: number; logIntervalMs?: number };
export type EnqueueSignal = (name: RealtimeEventName, signal: RealtimeSignal, channel: string) => Promise<RealtimeSignal | null>;

/** The sending half of createPublisher, for signals already stamped (by this thread or by the one publishing). */
export function createSignalQueue(send: SendBatch, options: SignalQueueOptions = {}): EnqueueSignal {
  const maxQueued = options.maxQueued ?? MAX_QUEUED_SIGNALS;
  const logIntervalMs = options.logIntervalMs ?? DROP_LOG_INTERVAL_MS;
  const queue: Queued[] = [];
  let draining = false;
  let dropped = 0;
  let dropLog: ReturnType<typeof setTimeout> | undefined;

  /** The next request's events, taken off the front of the queue: per channel in order, a new event when full. */
  const takeBatch = (): Pack[] => {
    const packs: Pack[] = [];
    const open = new Map<string, Pack>();
    let taken = 0;
    for (; taken < queue.length; taken++) {
      const q = queue[taken]!;
      const current = open.get(q.channel);
      if (current && current.bytes + 1 + q.bytes <= MAX_EVENT_DATA_BYTES) {
        current.items.push(q);
        current.bytes += 1 + q.bytes;
        continue;
      }
      if (packs.length === MAX_BATCH_EVENTS) break; // the rest waits for the next request
      const pack = { channel: q.channel, items: [q], bytes: PACK_ENVELOPE_BYTES + q.bytes };
      packs.push(pack);
      open.set(q.channel, pack);
    }
    queue.splice(0, taken);
    return packs;
  };

  const drain = async () => {
    try {
      while (queue.length > 0) {
        const packs = takeBatch();
        try {
          await send(packs.map((p) => ({ channel: p.channel, name: FLOOR_SIGNALS_EVENT, data: packData(p.items) })));
          for (const p of packs) for (const q of p.items) q.settle(q.signal);
        } catch (err) {
          // A lost request shows on the dashboard as a gap in seq, which makes it re-fetch.
          const signals = packs.reduce((n, p) => n + p.items.length, 0);
          const seq = [packs[0]?.items[0]?.signal.seq, packs.at(-1)?.items.at(-1)?.signal.seq];
          warn({ msg: "realtime publish failed", signals, events: packs.length, seq, error: String(err) });
          for (const p of packs) for (const q of p.items) q.settle(null);
        }
      }
    } finally {
      draining = false;
    }
  };

  /** Logs drops at most once per interval: the first at once, the ones after it in a line when the interval ends. */
  const reportDrops = () => {
    if (dropLog || dropped === 0) return;
    warn({ msg: "realtime backlog full: dropped the oldest signals", dropped, maxQueued });
    dropped = 0;
    dropLog = setTimeout(() => {
      dropLog = undefined;
      reportDrops();
    }, logIntervalMs);
    dropLog.unref?.();
  };

  const dropOldest = () => {
    const n = queue.length - maxQueued;
    if (n <= 0) return;
    for (const q of queue.splice(0, n)) q.settle(null);
    dropped += n;
    reportDrops();
  };

  return (name, signal, channel) => {
    const json = JSON.stringify({ event: name, ...signal });
    const bytes = Buffer.byteLength(json);
    if (PACK_ENVELOPE_BYTES + bytes > MAX_EVENT_DATA_BYTES) {
      // Alone over Pusher's limit, it would fail the whole request it rode in: refuse just this one.
      warn({ msg: "realtime signal too large to publish", event: name, seq: signal.seq, bytes });
      return Promise.resolve(null);
    }
    return new Promise((settle) => {
      queue.push({ channel, signal, json, bytes, settle });
      dropOldest();
      if (draining) return; // the running drain picks it up after the request in flight
      draining = true;
      setImmediate(drain); // let the rest of this tick's signals join the first request
    });
  };
}

/** One batch request to Pusher (hosted, or the local Pusher-protocol server). */
export const sendToPusher: SendBatch = async (batch) => {
  const res = await pusherServer().triggerBatch(batch);
  await res.text(); // read to the end so the kept-alive socket is free for the next batch
};

const globalForPublisher = globalThis as unknown as {
  realtimeQueue?: EnqueueSignal;
  realtimeThread?: ReturnType<typeof restartingPublishThread> | null;
};

/**
 * Where signals are sent from: a worker thread on a long-running production server (publish-thread.ts says why),
 * this thread on serverless hosts (a function may be frozen between requests), in tests and scripts, or when
 * REALTIME_PUBLISH_THREAD=off.
 */
function sender(): EnqueueSignal {
  if (globalForPublisher.realtimeThread === undefined) {
    const wanted = process.env.NEXT_RUNTIME === "nodejs" && process.env.NODE_ENV === "production" && env().realtimePublishThread;
    // A thread that dies is started again (publish-thread.ts); meanwhile this thread sends.
    globalForPublisher.realtimeThread = wanted ? restartingPublishThread((onFail) => startPublishThread(onFail)) : null;
  }
  return globalForPublisher.realtimeThread?.current() ?? (globalForPublisher.realtimeQueue ??= createSignalQueue(sendToPusher));
}

/**
 * Publish a signal to the supervisors' channel. Failures are logged, not thrown: a caller's webhook must never
 * fail because the dashboard could not be told (the dashboard re-syncs on its next event or reconnect).
 */
export function publish(
  name: RealtimeEventName,
  payload: Omit<RealtimeSignal, "src" | "seq" | "at">,
  channel = FLOOR_CHANNEL,
): Promise<RealtimeSignal | null> {
  return sender()(name, stamp(payload, channel), channel);
}
