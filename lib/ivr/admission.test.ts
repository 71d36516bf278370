import { afterEach, describe, expect, it, vi } from "vitest";
import { createAdmissionGate } from "./admission";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("webhook admission gate", () => {
  afterEach(() => vi.useRealTimers());

  it("never runs more than its limit at once under a random burst, and runs every webhook", async () => {
    const gate = createAdmissionGate(4);
    let running = 0;
    let peak = 0;
    let done = 0;
    let failed = 0;
    const work = async (i: number) => {
      running++;
      peak = Math.max(peak, running);
      await sleep(Math.floor(Math.random() * 8));
      running--;
      if (i % 7 === 0) throw new Error(`step ${i} failed`);
      done++;
      return i;
    };
    const results = await Promise.allSettled(Array.from({ length: 120 }, (_, i) => gate.run(() => work(i))));
    failed = results.filter((r) => r.status === "rejected").length;
    console.log(`[admission] 120 webhooks through a gate of 4: peak running ${peak}, completed ${done}, failed ${failed}`);
    expect(peak).toBe(4);
    expect(done + failed).toBe(120);
    expect(failed).toBe(18); // i % 7 === 0 for i < 120; a failed step still gives its place back
    expect(gate.stats()).toMatchObject({ running: 0, waiting: 0, admitted: 120, leasesExpired: 0 });
  });

  it("lets waiting webhooks in in the order they arrived", async () => {
    const gate = createAdmissionGate(1);
    const order: number[] = [];
    let open!: () => void;
    const first = gate.run(() => new Promise<void>((r) => (open = r)));
    const rest = Array.from({ length: 10 }, (_, i) => gate.run(async () => void order.push(i)));
    await sleep(5);
    expect(order).toEqual([]); // all wait behind the first
    expect(gate.stats()).toMatchObject({ running: 1, waiting: 10 });
    open();
    await Promise.all([first, ...rest]);
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const stats = gate.stats();
    expect(stats).toMatchObject({ admitted: 11, peakWaiting: 10, running: 0, waiting: 0 });
    expect(stats.longestWaitMs).toBeGreaterThanOrEqual(4); // the ones behind the first waited the 5 ms it was held
    gate.resetCounts();
    expect(gate.stats()).toMatchObject({ admitted: 0, peakWaiting: 0, waitedMsTotal: 0, longestWaitMs: 0 });
  });

  it("lets the next webhook in when a step outlives its lease, and the stuck step still finishes", async () => {
    vi.useFakeTimers();
    const gate = createAdmissionGate(1, 1_000);
    let finishStuck!: (v: string) => void;
    const stuck = gate.run(() => new Promise<string>((r) => (finishStuck = r)));
    let nextRan = false;
    const next = gate.run(async () => {
      nextRan = true;
      return "next";
    });
    await vi.advanceTimersByTimeAsync(999);
    expect(nextRan).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await expect(next).resolves.toBe("next");
    expect(gate.stats()).toMatchObject({ leasesExpired: 1, running: 0 });
    finishStuck("stuck");
    await expect(stuck).resolves.toBe("stuck");
    // The late finisher does not give back a place it no longer holds: the gate still admits one at a time.
    let running = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 5 }, () =>
        gate.run(async () => {
          peak = Math.max(peak, ++running);
          await Promise.resolve();
          running--;
        }),
      ),
    );
    expect(peak).toBe(1);
  });

  it("refuses a limit below 1", () => {
    expect(() => createAdmissionGate(0)).toThrow(RangeError);
  });
});
