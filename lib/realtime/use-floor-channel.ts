"use client";
// Subscribes the browser to the supervisors' channel (pusher-subscription.ts). Keeps the latest handler in a ref,
// reports the connection state for the indicator, and asks for a re-sync whenever a number skipped in a server
// instance's stream or a (re)subscription means events may have been missed. (The first event seen from an instance starts
// its stream here: it is itself a signal, and the handlers re-fetch authoritative state on every signal.)
import { useEffect, useRef, useState } from "react";
import { SequenceTracker } from "./sequence-tracker";
import { FLOOR_CHANNEL, type PusherClientConfig, type RealtimeEventName, type RealtimeSignal } from "./events";
import { openSubscription, type SubscriptionState } from "./pusher-subscription";
import { bindFloorSignals } from "./subscribe";

export type ConnectionState = SubscriptionState;

export function useFloorChannel(
  config: PusherClientConfig,
  onEvent: (name: RealtimeEventName, signal: RealtimeSignal) => void,
  onResync: (reason: "gap" | "subscribed") => void,
) {
  const [state, setState] = useState<ConnectionState>("connecting");
  const handlers = useRef({ onEvent, onResync });
  const sequences = useRef(new SequenceTracker());
  useEffect(() => {
    handlers.current = { onEvent, onResync };
  });

  // The connection depends on the config's values, not on the object a re-render passes.
  const { key, cluster, host, port, forceTLS, authEndpoint } = config;
  useEffect(
    () =>
      openSubscription({ key, cluster, host, port, forceTLS, authEndpoint }, FLOOR_CHANNEL, {
        onState: setState,
        onSubscribed: () => handlers.current.onResync("subscribed"),
        // Signals arrive packed (several per Pusher event); gaps are still tracked signal by signal.
        bind: (channel) =>
          bindFloorSignals(channel, (name, signal) => {
            const gap = sequences.current.observe(signal);
            handlers.current.onEvent(name, signal);
            if (gap) handlers.current.onResync("gap");
          }),
      }),
    [key, cluster, host, port, forceTLS, authEndpoint],
  );

  return state;
}
