// `npm run serve` (scripts/serve-cluster.mjs) refuses a malformed worker count or port before forking anything,
// naming the flag or variable, instead of starting a cluster that cannot listen.
import { describe, expect, it } from "vitest";
import { runScript } from "../setup/run-script";

function serve(args: string[], extraEnv: Record<string, string> = {}, timeoutMs = 15_000) {
  return runScript(process.execPath, ["scripts/serve-cluster.mjs", ...args], { NODE_ENV: "production", ...extraEnv }, timeoutMs);
}

describe("npm run serve with bad settings", () => {
  it.each([
    [["--workers", "abc"], {}, "workers: --workers / WEB_CONCURRENCY must be a whole number from 1 to 64"],
    [[], { WEB_CONCURRENCY: "0" }, "workers: --workers / WEB_CONCURRENCY must be a whole number from 1 to 64"],
    [["--workers", "1", "--port", "99999"], {}, "port: --port / PORT must be a TCP port (1-65535)"],
    [["--workers", "1"], { PORT: "http" }, "port: --port / PORT must be a TCP port (1-65535)"],
  ])("%o %o exits 2 with a clear message", (args, env, message) => {
    const result = serve(args, env);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stdout).not.toContain("production server");
  });
});

describe("npm run serve when a worker cannot start", () => {
  it("stops with exit 1 and the worker's own error instead of starting replacements forever", () => {
    // A malformed environment fails every worker the same way (as would a missing build or a taken port).
    const result = serve(["--workers", "2", "--port", "3479"], { DATABASE_URL: "mysql://db.example.com/ivr" }, 60_000);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("server worker failed to start; stopping");
    expect(result.stderr).not.toContain("starting another");
  });
});
