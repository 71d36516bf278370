"use client";
// Keeps every dashboard page live. A page with live views (the board, live calls: lib/realtime/live-views.ts) gets
// each floor signal first and patches the rows it names from a small JSON re-fetch; it asks for a full re-render
// (router.refresh) only for what a signal cannot patch (ranks, callbacks). Other pages re-render for the signals
// that touch what they show (lib/dashboard/live-sync-policy.ts). A full re-render runs at most once per the page's
// interval, never while the tab is hidden (once when it is shown again); a (re)subscription re-renders at once (the
// signals sent before it never arrive: a call that started while the page connected, or while it was away) and a
// sequence gap within the interval, so a missed signal heals.
import { usePathname, useRouter } from "next/navigation";
import { useCallback, useEffect, useMemo, useRef } from "react";
import { ConnectionIndicator } from "./connection-indicator";
import { policyFor } from "@/lib/dashboard/live-sync-policy";
import { dispatchToViews } from "@/lib/realtime/live-views";
import type { PusherClientConfig, RealtimeEventName, RealtimeSignal } from "@/lib/realtime/events";
import { useFloorChannel } from "@/lib/realtime/use-floor-channel";

const COALESCE_MS = 120;

export function LiveSync({ pusher }: { pusher: PusherClientConfig }) {
  const router = useRouter();
  const pathname = usePathname();
  const policy = useMemo(() => policyFor(pathname), [pathname]);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const lastRefresh = useRef(0);
  const pendingWhileHidden = useRef(false);

  const schedule = useCallback(
    (force: boolean) => {
      if (document.visibilityState === "hidden") {
        pendingWhileHidden.current = true;
        return;
      }
      if (timer.current) return;
      const interval = force ? 0 : policy.minIntervalMs;
      const wait = Math.max(COALESCE_MS, lastRefresh.current + interval - Date.now());
      timer.current = setTimeout(() => {
        timer.current = null;
        lastRefresh.current = Date.now();
        router.refresh();
      }, wait);
    },
    [router, policy],
  );

  useEffect(() => {
    const onVisible = () => {
      if (document.visibilityState === "visible" && pendingWhileHidden.current) {
        pendingWhileHidden.current = false;
        schedule(true);
      }
    };
    document.addEventListener("visibilitychange", onVisible);
    return () => {
      document.removeEventListener("visibilitychange", onVisible);
      if (timer.current) clearTimeout(timer.current);
      timer.current = null;
    };
  }, [schedule]);

  const onEvent = useCallback((name: RealtimeEventName, signal: RealtimeSignal) => {
    if (document.visibilityState === "hidden") {
      if (policy.touches(name, signal)) pendingWhileHidden.current = true; // the refresh on showing heals the rows too
      return;
    }
    const viewed = dispatchToViews(name, signal);
    if (viewed ? viewed.refresh : policy.touches(name, signal)) schedule(false);
  }, [policy, schedule]);
  // A subscription re-renders at once (events were missed while connecting or away); a gap in the signals'
  // numbering (one missed pack, frequent on a saturated floor) within the page's interval like any signal, so gaps
  // cannot multiply full re-renders. Pages that show nothing live ignore both.
  const onResync = useCallback(
    (reason: "gap" | "subscribed") => {
      if (Number.isFinite(policy.minIntervalMs)) schedule(reason === "subscribed");
    },
    [policy, schedule],
  );
  const state = useFloorChannel(pusher, onEvent, onResync);
  return <ConnectionIndicator state={state} />;
}
