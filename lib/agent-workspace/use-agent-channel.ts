"use client";
// The agent's browser listens to private-agent-<id> only (the channel auth refuses any other). Every signal, and
// every (re)subscription, means "re-fetch the workspace": signals are hints, the API is the truth. The subscription (and
// its retry when refused) is the dashboards' own: lib/realtime/pusher-subscription.ts.
import { useEffect, useRef, useState } from "react";
import { agentChannel } from "../agent-state/channel";
import type { PusherClientConfig } from "../realtime/events";
import { openSubscription } from "../realtime/pusher-subscription";
import { bindFloorSignals } from "../realtime/subscribe";

export type ChannelState = "connecting" | "connected" | "unavailable";

export function useAgentChannel(config: PusherClientConfig, agentId: string, onChange: () => void): ChannelState {
  const [state, setState] = useState<ChannelState>("connecting");
  const handler = useRef(onChange);
  useEffect(() => {
    handler.current = onChange;
  });
  // The connection depends on the config's values, not on the object a re-render passes.
  const { key, cluster, host, port, forceTLS, authEndpoint } = config;
  useEffect(
    () =>
      openSubscription({ key, cluster, host, port, forceTLS, authEndpoint }, agentChannel(agentId), {
        onState: (s) => setState(s === "disconnected" ? "unavailable" : s),
        onSubscribed: () => handler.current(), // signals sent before (while connecting, or away) never arrive
        bind: (channel) => bindFloorSignals(channel, () => handler.current()),
      }),
    [key, cluster, host, port, forceTLS, authEndpoint, agentId],
  );
  return state;
}
