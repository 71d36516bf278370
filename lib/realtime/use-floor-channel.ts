"use client";
// Subscribes the browser to the supervisors' channel with pusher-js. Keeps the latest handler in a ref, reports the
// connection state for the indicator, and asks for a re-sync whenever a number skipped in a server instance's
// stream or a reconnect means events may have been missed. (The first event seen from an instance starts its
// stream here: it is itself a signal, and the handlers re-fetch authoritative state on every signal.)
import Pusher from "pusher-js";
import { useEffect, useRef, useState } from "react";
import { SequenceTracker } from "./sequence-tracker";
import { FLOOR_CHANNEL, type PusherClientConfig, type RealtimeEventName, type RealtimeSignal } from "./events";
import { bindFloorSignals } from "./subscribe";

const SUBSCRIBE_RETRY_MIN_MS = 2_000;
const SUBSCRIBE_RETRY_MAX_MS = 60_000;

export type ConnectionState = "connecting" | "connected" | "unavailable" | "disconnected";

export function useFloorChannel(
  config: PusherClientConfig,
  onEvent: (name: RealtimeEventName, signal: RealtimeSignal) => void,
  onResync: () => void,
) {
  const [state, setState] = useState<ConnectionState>("connecting");
  const handlers = useRef({ onEvent, onResync });
  const sequences = useRef(new SequenceTracker());
  useEffect(() => {
    handlers.current = { onEvent, onResync };
  });

  useEffect(() => {
    const client = new Pusher(config.key, {
      cluster: config.cluster,
      forceTLS: config.forceTLS,
      ...(config.host ? { wsHost: config.host, wsPort: config.port, wssPort: config.port, enabledTransports: ["ws", "wss"] } : {}),
      channelAuthorization: { endpoint: config.authEndpoint, transport: "ajax" },
    });
    let everConnected = false;
    client.connection.bind("state_change", ({ current }: { current: string }) => {
      if (current === "connected") {
        // A reconnect may have dropped events: re-fetch the authoritative state.
        if (everConnected) handlers.current.onResync();
        everConnected = true;
      }
      setState(current === "connected" ? "connected" : current === "unavailable" || current === "failed" ? "unavailable" : current === "disconnected" ? "disconnected" : "connecting");
    });
    const channel = client.subscribe(FLOOR_CHANNEL);
    // A refused subscription: our local server says pusher:subscription_error, hosted Pusher may say so with a
    // connection-level pusher:error. Either way the indicator says so and we subscribe again, backing off.
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let retryMs = SUBSCRIBE_RETRY_MIN_MS;
    const failed = () => {
      setState("unavailable");
      if (retryTimer) return;
      retryTimer = setTimeout(() => {
        retryTimer = undefined;
        client.unsubscribe(FLOOR_CHANNEL);
        client.subscribe(FLOOR_CHANNEL);
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
      if (client.connection.state === "connected") setState("connected");
    });
    // Signals arrive packed (several per Pusher event); gaps are still tracked signal by signal.
    bindFloorSignals(channel, (name, signal) => {
      const gap = sequences.current.observe(signal);
      handlers.current.onEvent(name, signal);
      if (gap) handlers.current.onResync();
    });
    return () => {
      if (retryTimer) clearTimeout(retryTimer);
      client.unsubscribe(FLOOR_CHANNEL);
      client.disconnect();
    };
  }, [config.key, config.cluster, config.host, config.port, config.forceTLS, config.authEndpoint]);

  return state;
}
