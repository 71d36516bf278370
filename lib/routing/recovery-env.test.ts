// The recovery bounds are validated environment variables with documented defaults (README "Recovery guarantees").
import { describe, expect, it } from "vitest";
import { EnvError, loadEnv, RECOVERY_DEFAULTS } from "../env";

describe("RECOVERY_* variables", () => {
  it("default to the documented bounds and take valid overrides", () => {
    expect(loadEnv({}).recovery).toEqual(RECOVERY_DEFAULTS);
    expect(loadEnv({ RECOVERY_IVR_STALE_MINUTES: "3", RECOVERY_MAX_CALL_MINUTES: "60", RECOVERY_QUEUE_SEEN_SECONDS: "45", RECOVERY_INTERVAL_SECONDS: "0" }).recovery).toEqual({
      ivrStaleMinutes: 3,
      maxCallMinutes: 60,
      queueSeenSeconds: 45,
      intervalSeconds: 0,
    });
  });

  it.each([
    ["RECOVERY_IVR_STALE_MINUTES", "0"],
    ["RECOVERY_MAX_CALL_MINUTES", "-5"],
    ["RECOVERY_QUEUE_SEEN_SECONDS", "soon"],
    ["RECOVERY_INTERVAL_SECONDS", "2"],
    ["RECOVERY_INTERVAL_SECONDS", "601"],
  ])("%s=%s stops start-up with a message naming it", (name, value) => {
    expect(() => loadEnv({ [name]: value })).toThrow(EnvError);
    expect(() => loadEnv({ [name]: value })).toThrow(name);
  });
});
