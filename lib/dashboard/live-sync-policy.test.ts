// Which signals re-render which dashboard page, and how often at most.
import { describe, expect, it } from "vitest";
import { policyFor } from "./live-sync-policy";

const signal = (extra: { callId?: string } = {}) => ({ src: "s", seq: 1, at: 0, ...extra });

describe("live sync policy", () => {
  it("re-renders the board and live calls in full at most every 5 s: their rows are patched live in between", () => {
    expect(policyFor("/").touches("agent.changed", signal())).toBe(true);
    expect(policyFor("/calls").touches("queue.changed", signal())).toBe(true);
    expect(policyFor("/").touches("queue.changed", signal())).toBe(false);
    expect(policyFor("/calls").minIntervalMs).toBe(5_000);
    expect(policyFor("/").minIntervalMs).toBe(5_000);
  });

  it("re-renders a call's timeline only for that call's signals", () => {
    const p = policyFor("/history/abc");
    expect(p.touches("call.changed", signal({ callId: "abc" }))).toBe(true);
    expect(p.touches("call.changed", signal({ callId: "other" }))).toBe(false);
  });

  it("refreshes analytics at most once a minute and ignores agent status changes; pages without live data never", () => {
    expect(policyFor("/analytics")).toMatchObject({ minIntervalMs: 60_000 });
    expect(policyFor("/analytics").touches("agent.changed", signal())).toBe(false);
    expect(policyFor("/start-call").touches("call.changed", signal())).toBe(false);
  });
});
