// One pusher-js subscription as the dashboards and the agent workspace need it: the client built from the public
// config, the connection state reported for the indicator, a callback each time the channel is subscribed, and a
// refused subscription retried with backoff, whether the refusal comes as the local server's
// pusher:subscription_error or as hosted Pusher's connection-level pusher:error.
// The callback is where a page re-fetches its state: signals sent before a subscription never arrive, whether the
// page was still connecting after its first render (a call that started meanwhile stayed off the live page until
// the next signal: the stuck-call e2e flake) or the connection was away (pusher-js subscribes again on reconnect).
import Pusher, { type Channel } from "pusher-js";
import type { PusherClientConfig } from "./events";

export type SubscriptionState = "connecting" | "connected" | "unavailable" | "disconnected";

export const SUBSCRIBE_RETRY_MIN_MS = 2_000;
export const SUBSCRIBE_RETRY_MAX_MS = 60_000;

export type SubscriptionHandlers = {
  onState: (state: SubscriptionState) => void;
  /** The channel is subscribed (first, after a reconnect or a refusal): signals from here on arrive, the ones sent
   * before did not. Re-fetch the authoritative state. */
  onSubscribed: () => void;
  /** Binds the channel's own events (called once, on the subscribed channel). */
  bind: (channel: Channel) => void;
};

export function createPusherClient(config: PusherClientConfig): Pusher {
  return new Pusher(config.key, {
    cluster: config.cluster,
    forceTLS: config.forceTLS,
    ...(config.host ? { wsHost: config.host, wsPort: config.port, wssPort: config.port, enabledTransports: ["ws", "wss"] } : {}),
    channelAuthorization: { endpoint: config.authEndpoint, transport: "ajax" },
  });
}

function connectionState(current: string): SubscriptionState {
  if (current === "connected") return "connected";
  if (current === "unavailable" || current === "failed") return "unavailable";
  if (current === "disconnected") return "disconnected";
  return "connecting";
}

/** Subscribes to `channelName`; returns the function that unsubscribes and disconnects. */
export function openSubscription(config: PusherClientConfig, channelName: string, handlers: SubscriptionHandlers): () => void {
  const client = createPusherClient(config);
  client.connection.bind("state_change", ({ current }: { current: string }) => handlers.onState(connectionState(current)));
  const channel = client.subscribe(channelName);
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let retryMs = SUBSCRIBE_RETRY_MIN_MS;
  const failed = () => {
    handlers.onState("unavailable");
    if (retryTimer) return;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      client.unsubscribe(channelName);
      client.subscribe(channelName);
    }, retryMs);
    retryMs = Math.min(retryMs * 2, SUBSCRIBE_RETRY_MAX_MS);
  };
  channel.bind("pusher:subscription_error", failed);
  client.connection.bind("error", (err: { type?: string; data?: { code?: number | null } } | undefined) => {
    // Connection-level pusher:error messages (not transport hiccups, which pusher-js retries by itself).
    if (err?.type === "PusherError" || err?.data) failed();
  });
  channel.bind("pusher:subscription_succeeded", () => {
    retryMs = SUBSCRIBE_RETRY_MIN_MS;
    if (client.connection.state === "connected") handlers.onState("connected");
    handlers.onSubscribed();
  });
  handlers.bind(channel);
  return () => {
    if (retryTimer) clearTimeout(retryTimer);
    client.unsubscribe(channelName);
    client.disconnect();
  };
}
