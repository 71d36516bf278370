// Realtime event contract shared by the server (publish) and the browser (subscribe). Events are small signals
// with a per-channel sequence number; the client re-fetches authoritative state on a gap or reconnect.
import { z } from "zod";

/** The supervisors' channel: every dashboard subscribes to it. Private, so subscribing needs a signed auth. */
export const FLOOR_CHANNEL = "private-floor";

export const REALTIME_EVENTS = ["agent.changed", "call.changed", "feedback.received", "queue.changed"] as const;
export type RealtimeEventName = (typeof REALTIME_EVENTS)[number];

export const realtimeSignal = z.object({
  seq: z.number().int().nonnegative(),
  at: z.number(), // ms since epoch at publish, for latency measurement
  agentId: z.string().optional(),
  callId: z.string().optional(),
  callUuid: z.string().optional(),
  status: z.string().optional(),
  step: z.string().optional(),
});
export type RealtimeSignal = z.infer<typeof realtimeSignal>;

export type PusherClientConfig = {
  key: string;
  cluster: string;
  host?: string;
  port?: number;
  forceTLS: boolean;
  authEndpoint: string;
};
