// Server-side publishing with the official `pusher` SDK: hosted Pusher in production, the local Pusher-protocol
// server otherwise, selected purely by environment. Call publish() after the database commit, never inside a
// transaction: a rolled-back change must not be announced.
import Pusher from "pusher";
import type { Db } from "../db/client";
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

/** Next sequence number for a channel, atomically in the database so it holds across server instances. */
export async function nextSequence(db: Db, channel: string): Promise<number> {
  const row = await db.realtimeSequence.upsert({
    where: { channel },
    create: { channel, value: 1 },
    update: { value: { increment: 1 } },
  });
  return row.value;
}

/**
 * Publish a signal to the supervisors' channel. Failures are logged, not thrown: a caller's webhook must never
 * fail because the dashboard could not be told (the dashboard re-syncs on its next event or reconnect).
 */
export async function publish(
  db: Db,
  name: RealtimeEventName,
  payload: Omit<RealtimeSignal, "seq" | "at">,
  channel = FLOOR_CHANNEL,
): Promise<RealtimeSignal | null> {
  try {
    const signal: RealtimeSignal = { ...payload, seq: await nextSequence(db, channel), at: Date.now() };
    await pusherServer().trigger(channel, name, signal);
    return signal;
  } catch (err) {
    console.error(JSON.stringify({ level: "warn", msg: "realtime publish failed", event: name, error: String(err) }));
    return null;
  }
}

/** Current sequence number (what a client that just loaded the page has seen). */
export async function currentSequence(db: Db, channel = FLOOR_CHANNEL): Promise<number> {
  return (await db.realtimeSequence.findUnique({ where: { channel } }))?.value ?? 0;
}
