import { describe, expect, it } from "vitest";
import { authorizeCron } from "./authorize-cron";

describe("authorizeCron", () => {
  const secret = "a-long-enough-cron-secret";
  it.each([
    [`Bearer ${secret}`, true],
    [null, false],
    ["", false],
    [`Bearer ${secret}x`, false],
    [`bearer ${secret}`, false],
    [secret, false],
  ])("with a secret set, %o is authorized: %o", (header, ok) => {
    expect(authorizeCron(header, secret)).toBe(ok);
  });

  it("is open without a secret (local only: production requires CRON_SECRET)", () => {
    expect(authorizeCron(null, undefined)).toBe(true);
  });
});
