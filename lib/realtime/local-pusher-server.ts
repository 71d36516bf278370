// A small Pusher-protocol server (Channels protocol 7 + the REST publish API) for development, tests and CI,
// where hosted Pusher is out of reach. The official `pusher` (server) and `pusher-js` (browser) libraries work
// against it unchanged; production uses hosted Pusher with the same code. Not an npm-installable product:
// soketi, the usual choice, cannot be installed offline.
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocketServer, type WebSocket } from "ws";
import { z } from "zod";
import { channelName, eventName } from "./pusher-names";
import { PUSHER_MAX_BATCH_EVENTS, PUSHER_MAX_EVENT_DATA_BYTES } from "./events";

export type PusherApp = { id: string; key: string; secret: string };

type Client = {
  socket: WebSocket;
  socketId: string;
  app: PusherApp;
  channels: Set<string>;
  presence: Map<string, { user_id: string; user_info?: unknown }>;
};

const MAX_TIMESTAMP_SKEW_SECONDS = 600;
const MAX_BODY_BYTES = 10 * 1024 * 1024;
// Hosted Pusher's limits are enforced here too, so code that would break there breaks locally.
const MAX_BATCH_EVENTS = PUSHER_MAX_BATCH_EVENTS;
const ACTIVITY_TIMEOUT_S = 120;
const MAX_EVENT_DATA_BYTES = PUSHER_MAX_EVENT_DATA_BYTES;

const eventBody = z.object({
  name: eventName,
  data: z.string(),
  channels: z.array(channelName).min(1).max(100).optional(),
  channel: channelName.optional(),
  socket_id: z.string().optional(),
});
const batchBody = z.object({
  batch: z.array(z.object({ name: eventName, data: z.string(), channel: channelName, socket_id: z.string().optional() })).min(1),
});
const clientMessage = z.object({
  event: z.string(),
  data: z.unknown().optional(),
  channel: z.string().optional(),
});
const subscribeData = z.object({
  channel: z.string().min(1).max(1000),
  auth: z.string().optional(),
  channel_data: z.string().optional(),
});

function hmac(secret: string, text: string) {
  return createHmac("sha256", secret).update(text).digest("hex");
}

function safeEqual(a: string, b: string) {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

/** The server-side Pusher settings (lib/env.ts) that point publish() at `app` on a local server. */
export function serverEnvFor(app: PusherApp, server: Pick<LocalPusherServer, "host" | "port">): Record<string, string> {
  return { PUSHER_APP_ID: app.id, PUSHER_KEY: app.key, PUSHER_SECRET: app.secret, PUSHER_HOST: server.host, PUSHER_PORT: String(server.port) };
}

export type LocalPusherServer = {
  port: number;
  host: string;
  server: Server;
  /** REST requests and the events they carried since start (for diagnostics, tests and benchmarks). */
  stats: { requests: number; published: number; delivered: number; rejected: number; connections: number };
  close(): Promise<void>;
};

export async function startLocalPusherServer(options: {
  apps: PusherApp[];
  port?: number;
  host?: string;
  log?: (line: string) => void;
  /** Relay client-* events (off by default, as on hosted Pusher until enabled in the app's settings). */
  clientEvents?: boolean;
  /** How often the server pings each connection (hosted Pusher does too); default ACTIVITY_TIMEOUT_S. */
  pingIntervalMs?: number;
}): Promise<LocalPusherServer> {
  const host = options.host ?? "127.0.0.1";
  const log = options.log ?? (() => {});
  const appsByKey = new Map(options.apps.map((a) => [a.key, a]));
  const appsById = new Map(options.apps.map((a) => [a.id, a]));
  const clients = new Set<Client>();
  const stats = { requests: 0, published: 0, delivered: 0, rejected: 0, connections: 0 };
  let socketCounter = 0;

  const send = (client: Client, message: object) => {
    if (client.socket.readyState === client.socket.OPEN) client.socket.send(JSON.stringify(message));
  };

  const broadcast = (app: PusherApp, channel: string, event: string, data: string, exceptSocketId?: string) => {
    for (const c of clients) {
      if (c.app !== app || !c.channels.has(channel) || c.socketId === exceptSocketId) continue;
      send(c, { event, channel, data });
      stats.delivered++;
    }
  };

  const reply = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  };

  const readBody = (req: IncomingMessage) =>
    new Promise<string>((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_BODY_BYTES) {
          reject(new Error("body too large"));
          req.destroy();
        } else chunks.push(chunk);
      });
      req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
      req.on("error", reject);
    });

  /** Pusher REST authentication: HMAC-SHA256 over "METHOD\nPATH\nsorted-query" plus the body's MD5. */
  const verifyRest = (app: PusherApp, method: string, path: string, query: URLSearchParams, body: string) => {
    const params = [...query.entries()].filter(([k]) => k !== "auth_signature");
    const get = (k: string) => query.get(k) ?? "";
    if (get("auth_key") !== app.key) return "unknown auth_key";
    const ts = Number(get("auth_timestamp"));
    if (!Number.isFinite(ts) || Math.abs(Date.now() / 1000 - ts) > MAX_TIMESTAMP_SKEW_SECONDS) return "auth_timestamp expired";
    if (body.length > 0 && get("body_md5") !== createHash("md5").update(body, "utf8").digest("hex")) return "body_md5 mismatch";
    params.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const toSign = `${method}\n${path}\n${params.map(([k, v]) => `${k}=${v}`).join("&")}`;
    return safeEqual(hmac(app.secret, toSign), get("auth_signature")) ? null : "invalid auth_signature";
  };

  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? "/", "http://local");
      const match = /^\/apps\/([^/]+)\/(events|batch_events)$/.exec(url.pathname);
      if (req.method === "GET" && url.pathname === "/") return reply(res, 200, { ok: true, connections: clients.size });
      if (!match || req.method !== "POST") return reply(res, 404, { error: "not found" });
      stats.requests++;
      const app = appsById.get(match[1] ?? "");
      const body = await readBody(req);
      const problem = app ? verifyRest(app, "POST", url.pathname, url.searchParams, body) : "unknown app id";
      if (!app || problem) {
        stats.rejected++;
        return reply(res, 401, { error: problem });
      }
      let json: unknown;
      try {
        json = JSON.parse(body);
      } catch {
        return reply(res, 400, { error: "body is not JSON" });
      }
      if (match[2] === "events") {
        const parsed = eventBody.safeParse(json);
        const channels = parsed.success ? (parsed.data.channels ?? (parsed.data.channel ? [parsed.data.channel] : [])) : [];
        if (!parsed.success || channels.length === 0) return reply(res, 400, { error: "invalid event body" });
        if (Buffer.byteLength(parsed.data.data) > MAX_EVENT_DATA_BYTES) return reply(res, 413, { error: "event data too large" });
        for (const ch of channels) broadcast(app, ch, parsed.data.name, parsed.data.data, parsed.data.socket_id);
        stats.published++;
        return reply(res, 200, {});
      }
      // Batch: validated whole before any event goes out, then delivered in the order given.
      const parsed = batchBody.safeParse(json);
      if (!parsed.success) return reply(res, 400, { error: "invalid batch body" });
      const { batch } = parsed.data;
      if (batch.length > MAX_BATCH_EVENTS) return reply(res, 400, { error: `batch has more than ${MAX_BATCH_EVENTS} events` });
      if (batch.some((e) => Buffer.byteLength(e.data) > MAX_EVENT_DATA_BYTES)) return reply(res, 413, { error: "event data too large" });
      for (const e of batch) broadcast(app, e.channel, e.name, e.data, e.socket_id);
      stats.published += batch.length;
      return reply(res, 200, {});
    } catch (err) {
      log(`local pusher: request failed: ${String(err)}`);
      if (!res.headersSent) reply(res, 500, { error: "internal error" });
    }
  });

  const wss = new WebSocketServer({ noServer: true });
  server.on("upgrade", (req, socket, head) => {
    const url = new URL(req.url ?? "/", "http://local");
    const match = /^\/app\/([^/]+)$/.exec(url.pathname);
    if (!match) {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const app = appsByKey.get(decodeURIComponent(match[1] ?? ""));
      if (!app) {
        ws.send(JSON.stringify({ event: "pusher:error", data: { code: 4001, message: "App key not in this cluster" } }));
        ws.close(4001, "App key not in this cluster");
        return;
      }
      onConnection(ws, app);
    });
  });

  const subscriptionError = (client: Client, channel: string, error: string) =>
    send(client, { event: "pusher:subscription_error", channel, data: { type: "AuthError", error, status: 401 } });

  const subscribe = (client: Client, data: z.infer<typeof subscribeData>) => {
    const { channel } = data;
    if (!channelName.safeParse(channel).success) {
      // Hosted Pusher answers an invalid channel name with a connection-level pusher:error.
      return send(client, { event: "pusher:error", data: { code: null, message: `Invalid channel name '${channel.slice(0, 200)}'` } });
    }
    const isPresence = channel.startsWith("presence-");
    if (channel.startsWith("private-") || isPresence) {
      const signed = `${client.socketId}:${channel}${isPresence ? `:${data.channel_data ?? ""}` : ""}`;
      const expected = `${client.app.key}:${hmac(client.app.secret, signed)}`;
      if (!data.auth || !safeEqual(data.auth, expected)) return subscriptionError(client, channel, "Invalid signature");
    }
    client.channels.add(channel);
    if (!isPresence) {
      send(client, { event: "pusher_internal:subscription_succeeded", channel, data: "{}" });
      return;
    }
    let member: { user_id: string; user_info?: unknown };
    try {
      member = z.object({ user_id: z.coerce.string(), user_info: z.unknown().optional() }).parse(JSON.parse(data.channel_data ?? ""));
    } catch {
      client.channels.delete(channel);
      return subscriptionError(client, channel, "Invalid channel_data");
    }
    client.presence.set(channel, member);
    const members = new Map<string, unknown>();
    for (const c of clients) {
      const m = c.app === client.app ? c.presence.get(channel) : undefined;
      if (m) members.set(m.user_id, m.user_info ?? null);
    }
    const presence = { ids: [...members.keys()], hash: Object.fromEntries(members), count: members.size };
    send(client, { event: "pusher_internal:subscription_succeeded", channel, data: JSON.stringify({ presence }) });
    broadcast(client.app, channel, "pusher_internal:member_added", JSON.stringify(member), client.socketId);
  };

  const leave = (client: Client, channel: string) => {
    client.channels.delete(channel);
    const member = client.presence.get(channel);
    if (member) {
      client.presence.delete(channel);
      broadcast(client.app, channel, "pusher_internal:member_removed", JSON.stringify({ user_id: member.user_id }));
    }
  };

  function onConnection(socket: WebSocket, app: PusherApp) {
    socketCounter++;
    const client: Client = {
      socket,
      app,
      socketId: `${socketCounter}.${Math.floor(Math.random() * 1e9)}`,
      channels: new Set(),
      presence: new Map(),
    };
    clients.add(client);
    stats.connections++;
    send(client, {
      event: "pusher:connection_established",
      data: JSON.stringify({ socket_id: client.socketId, activity_timeout: ACTIVITY_TIMEOUT_S }),
    });
    // The server pings too, so a client that stops answering is noticed (and a local test sees pings as on hosted Pusher).
    const pinger = setInterval(() => send(client, { event: "pusher:ping", data: {} }), options.pingIntervalMs ?? ACTIVITY_TIMEOUT_S * 1000);
    pinger.unref();
    socket.on("close", () => clearInterval(pinger));
    socket.on("message", (raw) => {
      let message: z.infer<typeof clientMessage>;
      try {
        message = clientMessage.parse(JSON.parse(String(raw)));
      } catch {
        return send(client, { event: "pusher:error", data: { code: 4200, message: "Malformed message" } });
      }
      if (message.event === "pusher:ping") return send(client, { event: "pusher:pong", data: {} });
      if (message.event === "pusher:subscribe") {
        const data = subscribeData.safeParse(message.data);
        if (!data.success) return send(client, { event: "pusher:error", data: { code: 4200, message: "Malformed subscribe" } });
        return subscribe(client, data.data);
      }
      if (message.event === "pusher:unsubscribe") {
        const data = z.object({ channel: z.string() }).safeParse(message.data);
        if (data.success) leave(client, data.data.channel);
        return;
      }
      // Client events: refused unless enabled (hosted Pusher's default); then only on authenticated channels the
      // sender is subscribed to, never echoed to the sender.
      if (message.event.startsWith("client-") && !options.clientEvents) {
        return send(client, { event: "pusher:error", data: { code: null, message: "To send client events, you must enable this feature in the Settings page of your dashboard." } });
      }
      if (message.event.startsWith("client-") && message.channel && client.channels.has(message.channel)) {
        if (!/^(private|presence)-/.test(message.channel)) return;
        broadcast(client.app, message.channel, message.event, JSON.stringify(message.data ?? null), client.socketId);
      }
    });
    socket.on("close", () => {
      for (const ch of [...client.channels]) leave(client, ch);
      clients.delete(client);
    });
    socket.on("error", () => socket.terminate());
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    port,
    host,
    server,
    stats,
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of clients) c.socket.terminate();
        wss.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
