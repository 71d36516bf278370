import { describe, expect, it } from "vitest";
import { isApiPath, isPublicPath } from "./public-paths";

describe("routes reachable without a supervisor session", () => {
  it.each(["/ivr/start", "/ivr/feedback", "/plivo/callback", "/api/health", "/api/cron/reconcile", "/api/auth/session", "/api/auth/callback/credentials", "/login"])(
    "%s is public (it has its own check)",
    (path) => expect(isPublicPath(path)).toBe(true),
  );

  it.each(["/", "/calls", "/history", "/history/abc", "/analytics", "/agents", "/start-call", "/phone", "/api/agent-stats", "/api/call-history", "/api/pusher/auth", "/api/simulator/relay", "/api/healthz", "/ivrx", "/plivox/callback", "/login/../calls"])(
    "%s needs a session",
    (path) => expect(isPublicPath(path)).toBe(false),
  );

  it("tells APIs (401) from pages (redirect)", () => {
    expect(isApiPath("/api/agent-stats")).toBe(true);
    expect(isApiPath("/apidocs")).toBe(false);
    expect(isApiPath("/calls")).toBe(false);
  });
});
