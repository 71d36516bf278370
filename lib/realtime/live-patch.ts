// The partial re-fetches of the board and the live-calls page (#13 item 6), shared by the browser
// (components/board-live.tsx, components/live-calls.tsx), the JSON routes (app/api/live/*) and the load bench
// (scripts/bench-dashboards.mts). A floor signal names what changed (an agent, a call, the queue); the page turns
// it into keys ("agent:<id>", "call:<id>", "counts", "queue", "decisions"), coalesces them per tab
// (./coalescer.ts) and asks one route for exactly those rows, then patches them in place. What a signal cannot say
// cheaply (an agent's rank among all others, a new agent entering a filtered page) is left to
// the page's full refresh, which runs at most once per its policy's interval (lib/dashboard/live-sync-policy.ts).
import { z } from "zod";
import type { RealtimeEventName, RealtimeSignal } from "./events";

/** The window in which one tab's keys are gathered into one request. */
export const LIVE_PATCH_WINDOW_MS = 300;
export const MAX_PATCH_AGENTS = 100;
export const MAX_PATCH_CALLS = 200;

export type SignalPlan = { keys: string[]; refresh: boolean };

/** What the board shows that a signal can name: its rows' agents, and the calls those agents are on. */
export type BoardView = { hasAgent: (agentId: string) => boolean; agentOnCall: (callId: string) => string | undefined };

/**
 * An agent's change re-reads that agent's row only if the page shows it, and the state counts always; its rank
 * (and so the order, "next up" and which agents pass a state filter) moves with every other agent's, which only
 * the full refresh re-computes. A call's change touches the row of the agent on it (its step), nothing else.
 */
export function boardPlan(name: RealtimeEventName, signal: RealtimeSignal, view: BoardView): SignalPlan {
  if (name === "agent.changed" || name === "feedback.received") {
    const keys = name === "agent.changed" ? ["counts"] : [];
    if (signal.agentId && view.hasAgent(signal.agentId)) keys.push(`agent:${signal.agentId}`);
    return { keys, refresh: true };
  }
  if (name === "call.changed" && signal.callId) {
    const agentId = view.agentOnCall(signal.callId) ?? (signal.agentId && view.hasAgent(signal.agentId) ? signal.agentId : undefined);
    return { keys: agentId ? [`agent:${agentId}`] : [], refresh: false };
  }
  return { keys: [], refresh: false };
}

/**
 * Live calls: a call's change re-reads that call (it may be new, moved on, or ended) and the open callbacks (a
 * callback is asked for, dialled and settled on its calls' changes); an assignment (an agent's change naming its
 * call) also brings the latest routing decisions; a queue change re-reads the queue. Only a signal that names no
 * call asks for the page's full refresh.
 */
export function callsPlan(name: RealtimeEventName, signal: RealtimeSignal): SignalPlan {
  const call = signal.callId ? [`call:${signal.callId}`] : [];
  if (name === "call.changed") return signal.callId ? { keys: [...call, "callbacks"], refresh: false } : { keys: [], refresh: true };
  if (name === "queue.changed") return { keys: ["queue", "callbacks", ...call], refresh: !signal.callId };
  if (name === "agent.changed") return signal.callId ? { keys: [...call, "decisions"], refresh: false } : { keys: [], refresh: false };
  return { keys: [], refresh: false };
}

const idsOf = (keys: Iterable<string>, prefix: string) => [...keys].filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length));

/** The query string of /api/live/board for a set of keys (null when there is nothing to ask). */
export function boardPatchSearch(keys: Iterable<string>): string | null {
  const list = [...keys];
  const agents = idsOf(list, "agent:").slice(0, MAX_PATCH_AGENTS);
  const params = new URLSearchParams();
  if (agents.length > 0) params.set("agents", agents.join(","));
  if (list.includes("counts")) params.set("counts", "1");
  return params.size > 0 ? params.toString() : null;
}

/** The query string of /api/live/calls for a set of keys (null when there is nothing to ask). */
export function callsPatchSearch(keys: Iterable<string>): string | null {
  const list = [...keys];
  const calls = idsOf(list, "call:").slice(0, MAX_PATCH_CALLS);
  const params = new URLSearchParams();
  if (calls.length > 0) params.set("calls", calls.join(","));
  if (list.includes("queue")) params.set("queue", "1");
  if (list.includes("callbacks")) params.set("callbacks", "1");
  if (list.includes("decisions")) params.set("decisions", "1");
  return params.size > 0 ? params.toString() : null;
}

const blank = (v: unknown) => (v === "" || v === null ? undefined : v);
const idList = (max: number, what: string) =>
  z.preprocess(
    (v) => (typeof v === "string" && v !== "" ? v.split(",") : blank(v)),
    z
      .array(z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, `${what} must be ids (letters, digits, - and _)`))
      .max(max, `at most ${max} ${what}`)
      .default([]),
  );
const flag = z.preprocess(blank, z.enum(["1"], "must be 1 when given").optional()).transform((v) => v === "1");

export const boardPatchQuery = z.object({ agents: idList(MAX_PATCH_AGENTS, "agents"), counts: flag }).strict();
export const callsPatchQuery = z.object({ calls: idList(MAX_PATCH_CALLS, "calls"), queue: flag, callbacks: flag, decisions: flag }).strict();
export type BoardPatchQuery = z.infer<typeof boardPatchQuery>;
export type CallsPatchQuery = z.infer<typeof callsPatchQuery>;

/** The server's clock when a page reads its data: patches read after it replace what it rendered. */
export function renderClock(): number {
  return Date.now();
}
