import type { ConnectionState } from "@/lib/realtime/use-floor-channel";

const LABELS: Record<ConnectionState, { text: string; dot: string }> = {
  connecting: { text: "Connecting…", dot: "bg-amber-400" },
  connected: { text: "Live", dot: "bg-emerald-500" },
  unavailable: { text: "Offline — retrying", dot: "bg-rose-500" },
  disconnected: { text: "Disconnected", dot: "bg-slate-400" },
};

export function ConnectionIndicator({ state }: { state: ConnectionState }) {
  const label = LABELS[state];
  return (
    <span
      role="status"
      aria-live="polite"
      data-state={state}
      data-testid="connection-indicator"
      className="inline-flex items-center gap-2 rounded-full border border-slate-200 bg-white px-3 py-1 text-sm text-slate-700"
    >
      <span className={`h-2 w-2 rounded-full ${label.dot}`} aria-hidden />
      {label.text}
    </span>
  );
}
