// The per-tab coalescing of partial re-fetches: one request per window with every key once, never two in flight,
// and keys that arrive during a request wait for the next one.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createCoalescer } from "./coalescer";

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

/** A run whose requests finish only when the test says so. */
function controlledRun() {
  const calls: Array<{ keys: string[]; finish: () => void }> = [];
  const run = vi.fn(
    (keys: ReadonlySet<string>) =>
      new Promise<void>((resolve) => {
        calls.push({ keys: [...keys].sort(), finish: resolve });
      }),
  );
  return { run, calls };
}

describe("coalescer", () => {
  it("sends a burst of signals within the window as one request naming each key once", async () => {
    const { run, calls } = controlledRun();
    const c = createCoalescer({ windowMs: 300, run });
    c.add(["agent:a", "counts"]);
    await vi.advanceTimersByTimeAsync(100);
    c.add(["agent:b", "counts"]);
    c.add(["agent:a"]);
    expect(run).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(200);
    expect(run).toHaveBeenCalledTimes(1);
    expect(calls[0]!.keys).toEqual(["agent:a", "agent:b", "counts"]);
  });

  it("never has two requests in flight: keys arriving meanwhile go in one follow-up after it ends", async () => {
    const { run, calls } = controlledRun();
    const c = createCoalescer({ windowMs: 300, run });
    c.add(["call:1"]);
    await vi.advanceTimersByTimeAsync(300);
    expect(run).toHaveBeenCalledTimes(1);
    c.add(["call:2"]);
    c.add(["call:3", "call:2"]);
    await vi.advanceTimersByTimeAsync(5_000); // the first request is slow: nothing else goes out
    expect(run).toHaveBeenCalledTimes(1);
    expect([...c.pending()].sort()).toEqual(["call:2", "call:3"]);
    calls[0]!.finish();
    await vi.advanceTimersByTimeAsync(299);
    expect(run).toHaveBeenCalledTimes(1); // the follow-up still waits its own window
    await vi.advanceTimersByTimeAsync(1);
    expect(run).toHaveBeenCalledTimes(2);
    expect(calls[1]!.keys).toEqual(["call:2", "call:3"]);
  });

  it("sends nothing when no key arrives, and carries on after a failed request", async () => {
    let fail = true;
    const run = vi.fn(async () => {
      if (fail) throw new Error("503");
    });
    const c = createCoalescer({ windowMs: 250, run });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(run).not.toHaveBeenCalled();
    c.add(["queue"]);
    await vi.advanceTimersByTimeAsync(250);
    expect(run).toHaveBeenCalledTimes(1);
    fail = false;
    c.add(["queue"]);
    await vi.advanceTimersByTimeAsync(250);
    expect(run).toHaveBeenCalledTimes(2);
  });

  it("stops for good once disposed (the page unmounted)", async () => {
    const { run } = controlledRun();
    const c = createCoalescer({ windowMs: 300, run });
    c.add(["agent:a"]);
    c.dispose();
    c.add(["agent:b"]);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(run).not.toHaveBeenCalled();
  });
});
