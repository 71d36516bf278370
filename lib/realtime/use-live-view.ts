"use client";
// Mounts a page's live view (./live-views.ts): each floor signal is planned into keys (./live-patch.ts), the keys
// are coalesced per tab (./coalescer.ts: one request per window, one in flight) and fetched by `fetchKeys`, which
// patches the page's stores. `bind` receives the coalescer (null on unmount) so rows can ask for themselves (a
// wrap-up that runs out).
import { useEffect, useRef } from "react";
import type { RealtimeEventName, RealtimeSignal } from "./events";
import { createCoalescer, type Coalescer } from "./coalescer";
import { LIVE_PATCH_WINDOW_MS, type SignalPlan } from "./live-patch";
import { registerLiveView } from "./live-views";

export function useLiveView(
  plan: (name: RealtimeEventName, signal: RealtimeSignal) => SignalPlan,
  fetchKeys: (keys: ReadonlySet<string>) => Promise<void>,
  bind?: (coalescer: Coalescer | null) => void,
): void {
  const latest = useRef({ plan, fetchKeys, bind });
  useEffect(() => {
    latest.current = { plan, fetchKeys, bind };
  });
  useEffect(() => {
    const c = createCoalescer({ windowMs: LIVE_PATCH_WINDOW_MS, run: (keys) => latest.current.fetchKeys(keys) });
    const unregister = registerLiveView({
      onSignal(name, signal) {
        const { keys, refresh } = latest.current.plan(name, signal);
        if (keys.length > 0) c.add(keys);
        return refresh;
      },
    });
    latest.current.bind?.(c);
    return () => {
      unregister();
      c.dispose();
      latest.current.bind?.(null);
    };
  }, []);
}

/** GET a live route's JSON (same-origin, with the session cookie); throws on a non-2xx answer. */
export async function fetchPatch<T>(path: string, search: string): Promise<T> {
  const r = await fetch(`${path}?${search}`, { cache: "no-store", headers: { accept: "application/json" } });
  if (!r.ok) throw new Error(`${path} answered ${r.status}`);
  return (await r.json()) as T;
}
