"use client";
// Keeps every dashboard page live: on each floor signal (and on a sequence gap or reconnect) the server components
// re-render with authoritative data via router.refresh(). Bursts of signals (one call produces several) are
// coalesced so a busy floor does not refetch once per event.
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef } from "react";
import { ConnectionIndicator } from "./connection-indicator";
import type { PusherClientConfig } from "@/lib/realtime/events";
import { useFloorChannel } from "@/lib/realtime/use-floor-channel";

const COALESCE_MS = 120;

export function LiveSync({ pusher }: { pusher: PusherClientConfig }) {
  const router = useRouter();
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const refresh = useCallback(() => {
    if (timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      router.refresh();
    }, COALESCE_MS);
  }, [router]);
  useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current);
  }, []);
  const state = useFloorChannel(pusher, refresh, refresh);
  return <ConnectionIndicator state={state} />;
}
