// The run command refuses a malformed environment before touching anything, with a message naming the variable.
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../setup/paths";
import { runScript } from "../setup/run-script";

function launch(extraEnv: Record<string, string>) {
  return runScript(resolve(ROOT, "node_modules/.bin/tsx"), ["scripts/local.mts"], { NODE_ENV: "development", ...extraEnv }, 30_000);
}

describe("npm run local with a malformed environment", () => {
  it.each([
    [{ PORT: "abc" }, "PORT must be a port number"],
    [{ DATABASE_URL: "mysql://db.example.com/ivr" }, "DATABASE_URL must start with one of file:, postgres:, postgresql:"],
    [{ APP_ENV: "production" }, "AUTH_SECRET is required in production"],
  ])("%o stops start-up with a clear message", (badEnv, message) => {
    const result = launch(badEnv);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("Invalid environment");
    expect(result.stderr).toContain(message);
    expect(result.stdout).not.toContain("seed:");
  });
});
