// The public part of the Pusher configuration, handed from server components to the browser as props.
import { env } from "../env";
import type { PusherClientConfig } from "./events";

export function pusherClientConfig(): PusherClientConfig {
  const c = env().pusherClient;
  return { key: c.key, cluster: c.cluster, host: c.host, port: c.port, forceTLS: c.forceTLS, authEndpoint: "/api/pusher/auth" };
}
