"use client";
// A duration that keeps counting (time in step, time waiting) between server refreshes.
import { useEffect, useState } from "react";
import { formatDuration } from "@/lib/dashboard/format";

export function Elapsed({ since, className }: { since: string; className?: string }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(id);
  }, []);
  const seconds = Math.max(0, Math.floor((now - Date.parse(since)) / 1000));
  return (
    <time dateTime={since} className={`tabular-nums ${className ?? ""}`} suppressHydrationWarning>
      {formatDuration(seconds)}
    </time>
  );
}
