// Shared by the local Pusher server's two halves (REST publish API and WebSocket protocol): its apps, clients and
// the HMAC both halves check.
import { createHmac, timingSafeEqual } from "node:crypto";
import type { WebSocket } from "ws";

export type PusherApp = { id: string; key: string; secret: string };

export type Client = {
  socket: WebSocket;
  socketId: string;
  app: PusherApp;
  channels: Set<string>;
  presence: Map<string, { user_id: string; user_info?: unknown }>;
};

export type Stats = { requests: number; published: number; delivered: number; rejected: number; connections: number };

/** What both halves share: connected clients, delivery to them, counters. */
export type Hub = {
  clients: Set<Client>;
  stats: Stats;
  log: (line: string) => void;
  send(client: Client, message: object): void;
  broadcast(app: PusherApp, channel: string, event: string, data: string, exceptSocketId?: string): void;
};

export function hmac(secret: string, text: string) {
  return createHmac("sha256", secret).update(text).digest("hex");
}

export function safeEqual(a: string, b: string) {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}
