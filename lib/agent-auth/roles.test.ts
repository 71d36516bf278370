import { describe, expect, it } from "vitest";
import { gateForRole } from "./roles";

const page = { api: false, action: false };
const api = { api: true, action: false };
const action = { api: false, action: true };

describe("role gate", () => {
  it.each(["/", "/calls", "/history", "/history/abc", "/analytics", "/agents", "/agents/new", "/start-call", "/phone"])(
    "an agent opening the supervisor page %s is sent to their workspace",
    (path) => expect(gateForRole("agent", path, page)).toEqual({ kind: "redirect", to: "/workspace" }),
  );

  it.each(["/api/agent-stats", "/api/call-history", "/api/simulator/relay"])("an agent calling %s gets a 403", (path) =>
    expect(gateForRole("agent", path, api).kind).toBe("forbidden"),
  );

  it("an agent posting a supervisor server action gets a 403", () => {
    expect(gateForRole("agent", "/", action).kind).toBe("forbidden");
    expect(gateForRole("agent", "/agents/new", action).kind).toBe("forbidden");
  });

  it("an agent reaches their workspace, its API and channel auth", () => {
    expect(gateForRole("agent", "/workspace", page).kind).toBe("next");
    expect(gateForRole("agent", "/workspace", action).kind).toBe("next");
    expect(gateForRole("agent", "/api/agent/workspace", api).kind).toBe("next");
    expect(gateForRole("agent", "/api/pusher/auth", api).kind).toBe("next");
    expect(gateForRole("agent", "/workspacex", page)).toEqual({ kind: "redirect", to: "/workspace" });
  });

  it("a supervisor (or a token from before roles) keeps the dashboard and is kept out of the agents' side", () => {
    for (const role of ["supervisor", undefined] as const) {
      expect(gateForRole(role, "/", page).kind).toBe("next");
      expect(gateForRole(role, "/api/agent-stats", api).kind).toBe("next");
      expect(gateForRole(role, "/workspace", page)).toEqual({ kind: "redirect", to: "/" });
      expect(gateForRole(role, "/api/agent/state", api).kind).toBe("forbidden");
    }
  });
});
