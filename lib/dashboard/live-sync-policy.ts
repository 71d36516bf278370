// Which floor signals each dashboard page shows, and how often it may re-render for them. A page re-renders
// (router.refresh) only for the signals that change what it shows, at most once per `minIntervalMs`, and not at
// all while its tab is hidden (once when it is shown again): ten open dashboards on a busy floor then cost a
// bounded number of server renders per second instead of one per signal burst each. The board and live calls
// patch their rows from partial re-fetches between re-renders (lib/realtime/live-patch.ts), so their interval
// only bounds how stale ranks, "next up" and the callbacks list may get.
import type { RealtimeEventName, RealtimeSignal } from "../realtime/events";

export type SyncPolicy = {
  /** Does this signal change what the page shows? */
  touches: (name: RealtimeEventName, signal: RealtimeSignal) => boolean;
  minIntervalMs: number;
};

/** How stale the board's ranks and order, and the live page's callbacks, may get while rows are patched live. */
export const BOARD_RERANK_MS = 5_000;
export const CALLS_REFRESH_MS = 5_000;

const NONE: SyncPolicy = { touches: () => false, minIntervalMs: Infinity };
const events = (names: RealtimeEventName[], minIntervalMs: number): SyncPolicy => ({ touches: (n) => names.includes(n), minIntervalMs });

export function policyFor(pathname: string): SyncPolicy {
  if (pathname === "/") return events(["agent.changed", "call.changed", "feedback.received"], BOARD_RERANK_MS);
  if (pathname === "/calls") return events(["call.changed", "queue.changed", "agent.changed"], CALLS_REFRESH_MS);
  if (pathname === "/agents") return events(["agent.changed", "feedback.received"], 1_000);
  if (pathname === "/voicemail") return events(["call.changed"], 1_000); // #18: a new message arrives with its call's signal
  if (pathname === "/history") return events(["call.changed", "feedback.received"], 5_000);
  const detail = /^\/history\/([^/]+)$/.exec(pathname);
  if (detail) {
    const callId = decodeURIComponent(detail[1]!);
    return { touches: (_, s) => s.callId === callId, minIntervalMs: 500 };
  }
  // Period aggregates: a new call or rating moves them a little; a minute's staleness is fine.
  if (pathname === "/analytics") return events(["call.changed", "feedback.received"], 60_000);
  return NONE;
}
