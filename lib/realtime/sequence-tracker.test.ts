import { describe, expect, it } from "vitest";
import { SequenceTracker } from "./sequence-tracker";

describe("SequenceTracker", () => {
  it("flags a skipped number in one instance's stream, not interleaved instances or late arrivals", () => {
    const t = new SequenceTracker();
    expect(t.observe({ src: "a", seq: 7 })).toBe(false); // first sighting starts the stream
    expect(t.observe({ src: "b", seq: 1 })).toBe(false);
    expect(t.observe({ src: "a", seq: 8 })).toBe(false);
    expect(t.observe({ src: "b", seq: 2 })).toBe(false);
    expect(t.observe({ src: "a", seq: 10 })).toBe(true); // 9 was missed
    expect(t.observe({ src: "a", seq: 9 })).toBe(false); // arrives late: no second re-sync
    expect(t.observe({ src: "a", seq: 11 })).toBe(false);
    expect(t.observe({ src: "b", seq: 5 })).toBe(true); // 3 and 4 missed
  });
});
