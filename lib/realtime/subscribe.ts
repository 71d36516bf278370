// The receiving side of the realtime contract (./events): unpacks FLOOR_SIGNALS_EVENT packs on any pusher-js
// channel into one callback per signal, in the order they were published. Shared by the dashboard
// (use-floor-channel), the latency script and the load benchmark, so every reader validates the same way.
import type { Channel } from "pusher-js";
import { z } from "zod";
import { FLOOR_SIGNALS_EVENT, floorSignal, type RealtimeEventName, type RealtimeSignal } from "./events";

export type FloorSignalHandler = (name: RealtimeEventName, signal: RealtimeSignal) => void;

// Signals are checked one by one, not the pack as a whole: one a reader cannot parse (say, a new event name from a
// newer deployment mid-rollout) is skipped without losing its neighbours. Its seq is then missing, so a reader
// that tracks sequences sees a gap and re-fetches, as for any missed signal.
const pack = z.object({ signals: z.array(z.unknown()) });

/**
 * Calls `onSignal` once per valid signal of every FLOOR_SIGNALS_EVENT on `channel`, in pack order; malformed packs
 * and signals are ignored. If `onSignal` throws, the rest of the pack is still delivered and the first error is
 * rethrown afterwards. Returns a function that unbinds.
 */
export function bindFloorSignals(channel: Channel, onSignal: FloorSignalHandler): () => void {
  const handler = (data: unknown) => {
    const parsed = pack.safeParse(data);
    if (!parsed.success) return;
    let failure: { error: unknown } | undefined;
    for (const raw of parsed.data.signals) {
      const signal = floorSignal.safeParse(raw);
      if (!signal.success) continue;
      const { event, ...rest } = signal.data;
      try {
        onSignal(event, rest);
      } catch (error) {
        failure ??= { error };
      }
    }
    if (failure) throw failure.error;
  };
  channel.bind(FLOOR_SIGNALS_EVENT, handler);
  return () => {
    channel.unbind(FLOOR_SIGNALS_EVENT, handler);
  };
}
