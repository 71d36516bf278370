// The WebSocket half of the local Pusher server: Channels protocol 7 at /app/:key (connection, ping/pong, subscribe
// with private/presence auth, client events), refusing what hosted Pusher refuses.
import type { Server } from "node:http";
import { WebSocketServer, type WebSocket } from "ws";
import { z } from "zod";
import { hmac, safeEqual, type Client, type Hub, type PusherApp } from "./local-pusher-shared";
import { channelName } from "./pusher-names";

const ACTIVITY_TIMEOUT_S = 120;

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

export type SocketOptions = {
  /** Relay client-* events (off by default, as on hosted Pusher until enabled in the app's settings). */
  clientEvents?: boolean;
  /** How often the server pings each connection (hosted Pusher does too); default ACTIVITY_TIMEOUT_S. */
  pingIntervalMs?: number;
};

export function attachSockets(server: Server, hub: Hub, appsByKey: Map<string, PusherApp>, options: SocketOptions): WebSocketServer {
  const { clients, stats, send, broadcast } = hub;
  let socketCounter = 0;
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
  return wss;
}
