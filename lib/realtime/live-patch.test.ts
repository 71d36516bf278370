// Which rows a floor signal re-reads on the board and the live-calls page, and how a re-read row is patched in:
// only the named agent's row, only if the page shows it; never over a newer render.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
// The rows' supervisor controls call server actions; their modules need Auth.js, which only runs inside Next.
vi.mock("@/lib/agents/agent-actions", () => ({ setAvailabilityAction: vi.fn() }));
vi.mock("@/lib/routing/supervisor-actions", () => ({ endCallAction: vi.fn(), forceReleaseAgentAction: vi.fn() }));
vi.mock("@/lib/routing/callbacks/callback-actions", () => ({ cancelCallbackAction: vi.fn(), rescheduleCallbackAction: vi.fn() }));
const { applyBoardPatch, BoardRow } = await import("@/components/board-live");
const { mergeLiveCalls } = await import("@/components/live-calls");
import type { LiveCall } from "@/lib/dashboard/load-live-floor";
import { mergeRow, type BoardRowData } from "./board-row";
import { boardPatchQuery, boardPatchSearch, boardPlan, callsPatchQuery, callsPatchSearch, callsPlan, type BoardView } from "./live-patch";
import { createPatchStore } from "./patch-store";

const signal = (extra: { agentId?: string; callId?: string; status?: string } = {}) => ({ src: "s", seq: 1, at: 0, ...extra });
const terms = { recentCalls: 0, avgDurationSeconds: 60, avgRating: 3, ratingCount: 2, score: -12.5 };
const row = (id: string, extra: Partial<BoardRowData> = {}): BoardRowData => ({
  id,
  name: `Agent ${id}`,
  status: "AVAILABLE",
  reason: null,
  stateSince: new Date(0).toISOString(),
  wrapUpUntil: null,
  coachingFlag: false,
  skills: [],
  callsToday: 1,
  terms,
  currentCall: null,
  rank: 1,
  ...extra,
});
/** A board page showing agents x and y, with y on call c1. */
const page: BoardView = { hasAgent: (id) => id === "x" || id === "y", agentOnCall: (c) => (c === "c1" ? "y" : undefined) };

describe("board: what a signal re-reads", () => {
  it("an agent's change re-reads that agent's row and the counts, and asks for a re-rank", () => {
    expect(boardPlan("agent.changed", signal({ agentId: "x", status: "BUSY" }), page)).toEqual({ keys: ["counts", "agent:x"], refresh: true });
    expect(boardPatchSearch(["counts", "agent:x"])).toBe("agents=x&counts=1");
  });

  it("an agent this page does not show (another page, filtered out) is not fetched", () => {
    const plan = boardPlan("agent.changed", signal({ agentId: "z", status: "BUSY" }), page);
    expect(plan.keys).not.toContain("agent:z");
    expect(boardPatchSearch(plan.keys)).toBe("counts=1");
    expect(boardPlan("feedback.received", signal({ agentId: "z", callId: "c9" }), page).keys).toEqual([]);
  });

  it("a call's step change re-reads only the row of the agent on it", () => {
    expect(boardPlan("call.changed", signal({ callId: "c1" }), page)).toEqual({ keys: ["agent:y"], refresh: false });
    expect(boardPlan("call.changed", signal({ callId: "c7" }), page)).toEqual({ keys: [], refresh: false });
    expect(boardPlan("queue.changed", signal({ callId: "c1" }), page).keys).toEqual([]);
  });
});

describe("board: patching rows", () => {
  it("a patch for agent x changes x's row only; y still shows its render", () => {
    const renderedAt = 1_000;
    applyBoardPatch({ asOf: renderedAt + 5, agents: [row("x", { status: "BUSY", currentCall: { id: "c2", from: "+14155550123", step: "AGENT" } })] });
    const html = (id: string) => renderToStaticMarkup(createElement(BoardRow, { row: row(id, { rank: id === "x" ? 1 : 2 }), renderedAt, nextUp: id === "x", reasons: [] }));
    expect(html("x")).toContain("Busy");
    expect(html("x")).toContain("On call with +14155550123");
    expect(html("x")).not.toContain("next up"); // a busy agent is nobody's next
    expect(html("y")).toContain("Available");
    expect(html("y")).toMatch(/>2<\/td>/);
  });

  it("a patch read before the page's render is ignored (the render is newer)", () => {
    const rendered = row("x", { status: "AVAILABLE", rank: 3 });
    expect(mergeRow(rendered, 2_000, { row: row("x", { status: "BUSY" }), asOf: 1_999 })).toBe(rendered);
  });

  it("keeps the rendered rank while the agent stays available, drops it when not, and leaves it to the re-rank when newly available", () => {
    const available = row("x", { rank: 4 });
    expect(mergeRow(available, 0, { row: row("x", { terms: { ...terms, score: 3 } }), asOf: 1 }).rank).toBe(4);
    expect(mergeRow(available, 0, { row: row("x", { status: "WRAP_UP" }), asOf: 1 }).rank).toBeNull();
    expect(mergeRow(row("x", { status: "BUSY", rank: null }), 0, { row: row("x"), asOf: 1 }).rank).toBeUndefined();
  });

  it("the store keeps the newest read of a row and forgets what a newer render replaced", () => {
    const store = createPatchStore<string>();
    store.set([["x", "new"]], 20);
    store.set([["x", "old"]], 10); // an answer that overtook a later one on the wire
    expect(store.get("x")).toEqual({ value: "new", asOf: 20 });
    store.set([["y", "y1"]], 30);
    store.prune(25);
    expect([...store.snapshot().keys()]).toEqual(["y"]);
  });
});

describe("live calls", () => {
  const call = (id: string, startedAt: string, step = "LANGUAGE"): LiveCall => ({
    id, callUuid: `u-${id}`, direction: "INBOUND", from: "+1", to: "+2", status: "IN_IVR", step, language: null, agent: null, startedAt, stepEnteredAt: startedAt,
  });

  it("re-reads the call a signal names and the callbacks; an assignment also brings the decisions; the queue on queue changes", () => {
    expect(callsPlan("call.changed", signal({ callId: "c1" }))).toEqual({ keys: ["call:c1", "callbacks"], refresh: false });
    expect(callsPlan("agent.changed", signal({ agentId: "a", callId: "c1", status: "BUSY" })).keys).toEqual(["call:c1", "decisions"]);
    expect(callsPlan("agent.changed", signal({ agentId: "a", status: "AVAILABLE" })).keys).toEqual([]);
    expect(callsPlan("queue.changed", signal({ callId: "c2" }))).toEqual({ keys: ["queue", "callbacks", "call:c2"], refresh: false });
    expect(callsPlan("call.changed", signal())).toEqual({ keys: [], refresh: true }); // names no call: re-render
    expect(callsPatchSearch(["call:c1", "call:c2", "decisions", "queue", "callbacks"])).toBe("calls=c1%2Cc2&queue=1&callbacks=1&decisions=1");
  });

  it("patches calls in place, drops ended ones and inserts new ones in start order", () => {
    const rendered = [call("a", "2026-11-30T10:00:00.000Z"), call("b", "2026-11-30T10:00:05.000Z")];
    const patches = new Map([
      ["a", { value: call("a", "2026-11-30T10:00:00.000Z", "MENU"), asOf: 11 }],
      ["b", { value: null, asOf: 11 }],
      ["n", { value: call("n", "2026-11-30T09:59:00.000Z"), asOf: 11 }],
      ["old", { value: call("old", "2026-11-30T09:00:00.000Z"), asOf: 9 }], // read before the render: ignored
    ]);
    const merged = mergeLiveCalls(rendered, 10, patches);
    expect(merged.map((c) => [c.id, c.step])).toEqual([["n", "LANGUAGE"], ["a", "MENU"]]);
  });
});

describe("partial re-fetch queries", () => {
  it("accepts ids and flags, refuses what is not an id list or a flag", () => {
    expect(boardPatchQuery.parse({ agents: "a1,b_2", counts: "1" })).toEqual({ agents: ["a1", "b_2"], counts: true });
    expect(boardPatchQuery.parse({})).toEqual({ agents: [], counts: false });
    expect(boardPatchQuery.safeParse({ agents: "a;DROP TABLE" }).success).toBe(false);
    expect(boardPatchQuery.safeParse({ counts: "yes" }).success).toBe(false);
    expect(boardPatchQuery.safeParse({ agents: Array.from({ length: 101 }, (_, i) => `a${i}`).join(",") }).success).toBe(false);
    expect(callsPatchQuery.safeParse({ calls: "c1", page: "2" }).success).toBe(false); // unknown parameter
  });
});
