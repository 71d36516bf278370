// Server-side publishing with the official `pusher` SDK: hosted Pusher in production, the local Pusher-protocol
// server otherwise, selected purely by environment. Call publish() after the database commit, never inside a
// transaction: a rolled-back change must not be announced.
import { randomUUID } from "node:crypto";
import Pusher from "pusher";
import { env } from "../env";
import { FLOOR_CHANNEL, type RealtimeEventName, type RealtimeSignal } from "./events";

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

/**
 * Publish a signal to the supervisors' channel. Failures are logged, not thrown: a caller's webhook must never
 * fail because the dashboard could not be told (the dashboard re-syncs on its next event or reconnect).
 */
export async function publish(
  name: RealtimeEventName,
  payload: Omit<RealtimeSignal, "src" | "seq" | "at">,
  channel = FLOOR_CHANNEL,
): Promise<RealtimeSignal | null> {
  try {
    const signal: RealtimeSignal = { ...payload, ...nextInStream(), at: Date.now() };
    await pusherServer().trigger(channel, name, signal);
    return signal;
  } catch (err) {
    console.error(JSON.stringify({ level: "warn", msg: "realtime publish failed", event: name, error: String(err) }));
    return null;
  }
}
