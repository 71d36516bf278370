// A small Pusher-protocol server (Channels protocol 7 + the REST publish API) for development, tests and CI,
// where hosted Pusher is out of reach. The official `pusher` (server) and `pusher-js` (browser) libraries work
// against it unchanged; production uses hosted Pusher with the same code. Not an npm-installable product:
// soketi, the usual choice, cannot be installed offline. Two halves: local-pusher-rest.ts (publish API) and
// local-pusher-socket.ts (the WebSocket protocol), sharing the client set (local-pusher-shared.ts).
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { restHandler } from "./local-pusher-rest";
import type { Client, Hub, PusherApp, Stats } from "./local-pusher-shared";
import { attachSockets, type SocketOptions } from "./local-pusher-socket";

export type { PusherApp } from "./local-pusher-shared";

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

export async function startLocalPusherServer(
  options: { apps: PusherApp[]; port?: number; host?: string; log?: (line: string) => void } & SocketOptions,
): Promise<LocalPusherServer> {
  const host = options.host ?? "127.0.0.1";
  const clients = new Set<Client>();
  const stats: Stats = { requests: 0, published: 0, delivered: 0, rejected: 0, connections: 0 };
  const send = (client: Client, message: object) => {
    if (client.socket.readyState === client.socket.OPEN) client.socket.send(JSON.stringify(message));
  };
  const broadcast: Hub["broadcast"] = (app, channel, event, data, exceptSocketId) => {
    for (const c of clients) {
      if (c.app !== app || !c.channels.has(channel) || c.socketId === exceptSocketId) continue;
      send(c, { event, channel, data });
      stats.delivered++;
    }
  };
  const hub: Hub = { clients, stats, log: options.log ?? (() => {}), send, broadcast };
  const server: Server = createServer(restHandler(hub, new Map(options.apps.map((a) => [a.id, a]))));
  const wss = attachSockets(server, hub, new Map(options.apps.map((a) => [a.key, a])), options);

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
