"use client";
// The board re-reads itself when the earliest wrap-up on it runs out: wrap-ups end lazily on the server (no timer
// there), so no signal announces it; the page load that follows ends it (sweep) and shows the agent available.
import { useRouter } from "next/navigation";
import { useEffect } from "react";

export function WrapUpRefresher({ until }: { until: string | null }) {
  const router = useRouter();
  useEffect(() => {
    if (!until) return;
    const t = setTimeout(() => router.refresh(), Math.max(0, Date.parse(until) - Date.now()) + 300);
    return () => clearTimeout(t);
  }, [until, router]);
  return null;
}
