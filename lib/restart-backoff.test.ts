import { describe, expect, it } from "vitest";
import { restartBackoff } from "./restart-backoff";

describe("restart backoff", () => {
  it("doubles from the first wait up to the maximum, and starts over after a reset", () => {
    const backoff = restartBackoff(100, 1_000);
    expect([backoff.next(), backoff.next(), backoff.next(), backoff.next(), backoff.next()]).toEqual([100, 200, 400, 800, 1_000]);
    backoff.reset();
    expect(backoff.next()).toBe(100);
  });
});
