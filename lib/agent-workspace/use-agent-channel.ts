"use client";
// The agent's browser listens to private-agent-<id> only (the channel auth refuses any other). Every signal, and
// every reconnect, means "re-fetch the workspace": signals are hints, the API is the truth.
import Pusher from "pusher-js";
import { useEffect, useRef, useState } from "react";
import { agentChannel } from "../agent-state/channel";
import type { PusherClientConfig } from "../realtime/events";
import { bindFloorSignals } from "../realtime/subscribe";

export type ChannelState = "connecting" | "connected" | "unavailable";

export function useAgentChannel(config: PusherClientConfig, agentId: string, onChange: () => void): ChannelState {
  const [state, setState] = useState<ChannelState>("connecting");
  const handler = useRef(onChange);
  useEffect(() => {
    handler.current = onChange;
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
        if (everConnected) handler.current(); // may have missed signals while away
        everConnected = true;
      }
      setState(current === "connected" ? "connected" : current === "connecting" || current === "initialized" ? "connecting" : "unavailable");
    });
    const name = agentChannel(agentId);
    const channel = client.subscribe(name);
    channel.bind("pusher:subscription_error", () => setState("unavailable"));
    bindFloorSignals(channel, () => handler.current());
    return () => {
      client.unsubscribe(name);
      client.disconnect();
    };
  }, [config.key, config.cluster, config.host, config.port, config.forceTLS, config.authEndpoint, agentId]);
  return state;
}
