// The live views a page has mounted (the board, the live-calls page): LiveSync (components/live-sync.tsx) hands
// each floor signal to them first. A view patches what it can from a partial re-fetch and answers whether the
// signal also needs the page's full refresh (say, an agent's rank moved); a page without a view falls back to the
// full refresh its policy asks for.
import type { RealtimeEventName, RealtimeSignal } from "./events";

export type LiveView = {
  /** Takes the signal; true when the page also needs a full refresh (rate-limited by the page's policy). */
  onSignal: (name: RealtimeEventName, signal: RealtimeSignal) => boolean;
};

const views = new Set<LiveView>();

export function registerLiveView(view: LiveView): () => void {
  views.add(view);
  return () => {
    views.delete(view);
  };
}

/** null when no view is mounted; else whether any view asked for a full refresh. */
export function dispatchToViews(name: RealtimeEventName, signal: RealtimeSignal): { refresh: boolean } | null {
  if (views.size === 0) return null;
  let refresh = false;
  for (const v of views) if (v.onSignal(name, signal)) refresh = true;
  return { refresh };
}
