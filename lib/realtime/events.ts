// Realtime event contract shared by the server (publish) and the browser (subscribe). Signals are small facts
// numbered per publishing server instance and channel (`src` + `seq`, 1, 2, 3... on each channel): a client that
// sees a number skipped in any instance's stream, or reconnects, re-fetches the authoritative state. Numbering per
// instance costs no database write per event and stays exact across many serverless instances.
//
// On the wire many signals travel packed in one Pusher event (FLOOR_SIGNALS_EVENT), in seq order: one event per
// signal capped publishing at 10 signals per request (hosted Pusher's batch limit). Read them with
// bindFloorSignals (./subscribe), which unpacks and validates them.
import { z } from "zod";

/** The supervisors' channel: every dashboard subscribes to it. Private, so subscribing needs a signed auth. */
export const FLOOR_CHANNEL = "private-floor";

export const REALTIME_EVENTS = ["agent.changed", "call.changed", "feedback.received", "queue.changed"] as const;
export type RealtimeEventName = (typeof REALTIME_EVENTS)[number];

export const realtimeSignal = z.object({
  src: z.string().min(1).max(64), // the publishing server instance
  seq: z.number().int().positive(), // 1, 2, 3... within that instance
  at: z.number(), // ms since epoch at publish, for latency measurement
  agentId: z.string().optional(),
  callId: z.string().optional(),
  callUuid: z.string().optional(),
  status: z.string().optional(),
  step: z.string().optional(),
});
export type RealtimeSignal = z.infer<typeof realtimeSignal>;

/** Hosted Pusher's limits (multi-tenant clusters): events per batch request, and bytes of one event's data. */
export const PUSHER_MAX_BATCH_EVENTS = 10;
export const PUSHER_MAX_EVENT_DATA_BYTES = 10 * 1024;

/** The one Pusher event name on the floor channel: its data is a FloorSignals pack. */
// Pusher documents event names as [A-Za-z0-9_\-=@,.;] without a dot for custom events in its examples; a hyphen is safe everywhere.
export const FLOOR_SIGNALS_EVENT = "floor-signals";

/** A signal as packed on the wire: the signal itself plus which change it announces. */
export const floorSignal = realtimeSignal.extend({ event: z.enum(REALTIME_EVENTS) });
export type FloorSignal = z.infer<typeof floorSignal>;

/** The data of one FLOOR_SIGNALS_EVENT: signals in the order they were published (ascending seq per `src`). */
export const floorSignals = z.object({ signals: z.array(floorSignal) });
export type FloorSignals = z.infer<typeof floorSignals>;

export type PusherClientConfig = {
  key: string;
  cluster: string;
  host?: string;
  port?: number;
  forceTLS: boolean;
  authEndpoint: string;
};
