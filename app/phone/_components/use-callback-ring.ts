"use client";
// The browser phone rings when a queued callback (#18) calls its number: while no call is up it asks the server
// every RING_POLL_MS which simulated callback legs are ringing this number (GET /api/simulator/rings). Declining
// reports the leg as busy on its hangup URL, as Plivo would, so the attempt is settled (and retried later).
import { useCallback, useEffect, useRef, useState } from "react";
import type { SimulatedRing } from "@/lib/simulator/simulated-rings";
import { createRelayTransport } from "@/lib/simulator/transport";

const RING_POLL_MS = 1500;

export function useCallbackRing(number: string, listening: boolean) {
  const [incoming, setIncoming] = useState<SimulatedRing | null>(null);
  const taken = useRef(new Set<string>());

  useEffect(() => {
    if (!listening || !/^\+[1-9]\d{6,14}$/.test(number)) return;
    let stopped = false;
    const poll = async () => {
      try {
        const res = await fetch(`/api/simulator/rings?${new URLSearchParams({ to: number })}`, { cache: "no-store" });
        if (!res.ok) return;
        const body = (await res.json()) as { rings?: SimulatedRing[] };
        const next = (body.rings ?? []).find((r) => !taken.current.has(r.legId)) ?? null;
        if (!stopped) setIncoming(next);
      } catch {
        // the next poll tries again
      }
    };
    void poll();
    const timer = setInterval(() => void poll(), RING_POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [number, listening]);

  /** Answer: the ring is ours; the phone starts the call at the leg's answer URL. */
  const take = useCallback((): SimulatedRing | null => {
    if (!incoming) return null;
    taken.current.add(incoming.legId);
    setIncoming(null);
    return incoming;
  }, [incoming]);

  const decline = useCallback(async () => {
    const r = take();
    if (!r) return;
    await createRelayTransport()({
      url: r.hangupUrl,
      method: "POST",
      params: {
        CallUUID: `sim-declined-${r.legId}`,
        From: r.from,
        To: r.to,
        Direction: "outbound",
        CallStatus: "busy",
        HangupCause: "USER_BUSY",
        Duration: "0",
        ...(r.requestUuid ? { ALegRequestUUID: r.requestUuid } : {}),
      },
    }).catch(() => undefined);
  }, [take]);

  return { incoming, take, decline };
}
