"use client";
// Seconds left until a moment (the end of wrap-up), counting down between refreshes.
import { useEffect, useState } from "react";
import { formatDuration } from "@/lib/dashboard/format";

export function Countdown({ until }: { until: string }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(id);
  }, []);
  const left = Math.max(0, Math.ceil((Date.parse(until) - now) / 1000));
  return (
    <time dateTime={until} className="font-semibold tabular-nums" data-testid="wrap-up-left" suppressHydrationWarning>
      {formatDuration(left)}
    </time>
  );
}
