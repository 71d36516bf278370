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
    channel.bind("pusher:subscription_error", () => setState("unavailable"));
    // Signals arrive packed (several per Pusher event); gaps are still tracked signal by signal.
    bindFloorSignals(channel, (name, signal) => {
      const gap = sequences.current.observe(signal);
      handlers.current.onEvent(name, signal);
      if (gap) handlers.current.onResync();
    });
    return () => {
      client.unsubscribe(FLOOR_CHANNEL);
      client.disconnect();
    };
  }, [config.key, config.cluster, config.host, config.port, config.forceTLS, config.authEndpoint]);

  return state;
}
