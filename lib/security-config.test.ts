// Production refuses every published local secret (naming each), and the security headers follow the runtime
// environment: HSTS whenever the process runs in production, the CSP admitting the Pusher host configured now.
import { describe, expect, it } from "vitest";
import { loadEnv } from "./env";
import { PRODUCTION_ENV } from "../tests/support/env-fixtures";
import { applySecurityHeaders, securityHeaders } from "./security-headers";
import { safeCallbackPath } from "./auth/safe-callback";
import { clientAddress } from "./http/client-address";
import { isCrossOriginAction } from "./http/same-origin";

const production = PRODUCTION_ENV;

describe("no default secret in production", () => {
  it("the production fixture itself is accepted", () => {
    expect(loadEnv(production).production).toBe(true);
  });

  it.each([
    ["AUTH_SECRET", "local-development-auth-secret-not-for-production"],
    ["SUPERVISOR_PASSWORD", "supervisor"],
    ["PUSHER_SECRET", "local-secret"],
    ["PLIVO_AUTH_TOKEN", "local-plivo-auth-token"],
    ["CRON_SECRET", "local-cron-secret"],
  ])("%s at its local default stops start-up, naming it", (name, value) => {
    expect(() => loadEnv({ ...production, [name]: value })).toThrow(new RegExp(`${name} must not be the local default in production`));
    // The same value is fine locally.
    expect(() => loadEnv({ [name]: value })).not.toThrow();
  });

  it("names every default at once, also on Vercel", () => {
    const { APP_ENV: _unused, ...rest } = production;
    const all = { ...rest, VERCEL: "1", AUTH_SECRET: "local-development-auth-secret-not-for-production", SUPERVISOR_PASSWORD: "supervisor", PUSHER_SECRET: "local-secret", PLIVO_AUTH_TOKEN: "local-plivo-auth-token" };
    expect(() => loadEnv(all)).toThrow(/AUTH_SECRET[\s\S]*SUPERVISOR_PASSWORD[\s\S]*PUSHER_SECRET[\s\S]*PLIVO_AUTH_TOKEN/);
  });
});

const header = (headers: { key: string; value: string }[], key: string) => headers.find((h) => h.key === key)?.value;

describe("security headers from the runtime environment", () => {
  it("HSTS is on whenever the running process is in production, off locally", () => {
    expect(header(securityHeaders(loadEnv(production), false), "Strict-Transport-Security")).toMatch(/max-age=63072000/);
    expect(header(securityHeaders(loadEnv({ ...production, APP_ENV: undefined, VERCEL: "1" }), false), "Strict-Transport-Security")).toBeDefined();
    expect(header(securityHeaders(loadEnv({}), false), "Strict-Transport-Security")).toBeUndefined();
  });

  it("the CSP admits the Pusher host configured at run time", () => {
    const hosted = header(securityHeaders(loadEnv(production), false), "Content-Security-Policy");
    expect(hosted).toContain("wss://ws-eu.pusher.com");
    expect(hosted).not.toContain("127.0.0.1");
    const selfHosted = header(securityHeaders(loadEnv({ PUSHER_HOST: "rt.example.com", PUSHER_PORT: "443" }), false), "Content-Security-Policy");
    expect(selfHosted).toContain("wss://rt.example.com:443");
    const local = header(securityHeaders(loadEnv({}), false), "Content-Security-Policy");
    expect(local).toContain("ws://127.0.0.1:6001");
    expect(local).toContain("frame-ancestors 'none'");
  });

  it("applySecurityHeaders sets them on the response the proxy returns", () => {
    const res = applySecurityHeaders(new Response("x"), loadEnv(production), false);
    expect(res.headers.get("strict-transport-security")).toMatch(/includeSubDomains/);
    expect(res.headers.get("content-security-policy")).toContain("ws-eu.pusher.com");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  });
});

describe("refused or malformed requests are 4xx, not 500", () => {
  it.each([
    ["/calls?x=1", "/calls?x=1"],
    ["/history/abc", "/history/abc"],
    ["https://evil.example", "/"],
    ["//evil.example", "/"],
    ["/\\evil.example", "/"],
    ["/calls\r\nSet-Cookie: x=1", "/"],
    ["/calls\nx", "/"],
    ["/%0d%0aX: y", "/%0d%0aX:%20y"],
    ["", "/"],
  ])("callbackUrl %j goes to %j (a newline never reaches the Location header)", (input, expected) => {
    expect(safeCallbackPath(input)).toBe(expected);
  });

  it("a server action posted from another origin is refused (403 in the proxy)", () => {
    const h = (o: Record<string, string>) => new Headers({ "next-action": "abc", host: "ivr.example.com", ...o });
    expect(isCrossOriginAction("POST", h({ origin: "https://evil.example" }), "https://ivr.example.com")).toBe(true);
    expect(isCrossOriginAction("POST", h({ origin: "null" }), "https://ivr.example.com")).toBe(true);
    expect(isCrossOriginAction("POST", h({ origin: "https://ivr.example.com" }), "https://ivr.example.com")).toBe(false);
    expect(isCrossOriginAction("POST", new Headers({ "next-action": "a", host: "10.0.0.5:3000", origin: "https://ivr.example.com" }), "https://ivr.example.com")).toBe(false);
    expect(isCrossOriginAction("POST", new Headers({ origin: "https://evil.example" }), "https://ivr.example.com")).toBe(false); // not an action
  });

  it("the client address is the proxy-added (rightmost) X-Forwarded-For entry, never a header injection", () => {
    expect(clientAddress(new Headers({ "x-forwarded-for": "1.2.3.4, 203.0.113.7" }))).toBe("203.0.113.7");
    expect(clientAddress(new Headers({ "x-real-ip": "::1" }))).toBe("::1");
    expect(clientAddress(new Headers({ "x-forwarded-for": "<script>" }))).toBe("unknown");
    expect(clientAddress(new Headers())).toBe("unknown");
  });
});
