// The benchmark's second baseline (issue #20): the IVR's front door without the database. It exists only while
// benchmarking, answers a signed request with a real level-1 menu, refuses a forged one as the IVR does, and never
// touches the database (getDb throws here: a floor that wrote a nonce or read a call would not be the floor).
import { afterEach, describe, expect, it, vi } from "vitest";
import { parsePlivoXml } from "@/lib/simulator/parse-plivo-xml";
import { signedHeaders } from "@/lib/telephony/plivo-signature";

const getDb = vi.fn(() => {
  throw new Error("the signed floor must not touch the database");
});
vi.mock("@/lib/db/client", () => ({ getDb }));

const saved = process.env.BENCH_STATIC_XML;
afterEach(() => {
  if (saved === undefined) delete process.env.BENCH_STATIC_XML;
  else process.env.BENCH_STATIC_XML = saved;
  getDb.mockClear();
});

/** The route with a freshly read environment (lib/env.ts caches it per module instance). */
async function routeWith(flag: string | undefined) {
  if (flag === undefined) delete process.env.BENCH_STATIC_XML;
  else process.env.BENCH_STATIC_XML = flag;
  vi.resetModules();
  const { env } = await import("@/lib/env");
  return { route: await import("./route"), env: env() };
}

function signedPost(e: { publicBaseUrl: string; plivo: { authToken: string } }, params: Record<string, string>, token = e.plivo.authToken) {
  const url = `${e.publicBaseUrl}/bench/signed-xml`;
  return new Request(url, {
    method: "POST",
    headers: { ...signedHeaders({ method: "POST", url, params, authToken: token }), "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(params).toString(),
  });
}

const CALL = { CallUUID: "floor-1", From: "+14165550101", To: "+14155550100", CallStatus: "in-progress", Direction: "inbound" };

describe("/bench/signed-xml", () => {
  it("is a 404 unless the bench turned it on", async () => {
    const { route, env } = await routeWith(undefined);
    expect((await route.POST(signedPost(env, CALL))).status).toBe(404);
  });

  it("answers a signed request with the language menu, without the database", async () => {
    const { route, env } = await routeWith("1");
    const res = await route.POST(signedPost(env, CALL));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/xml");
    const xml = await res.text();
    const getDigits = parsePlivoXml(xml).find((c) => c.name === "GetDigits");
    expect(getDigits?.attrs.action).toContain("/ivr/language");
    expect(getDigits?.children.filter((c) => c.name === "Speak").map((s) => s.attrs.language)).toEqual(["en-US", "es-US"]);
    expect(getDb).not.toHaveBeenCalled();
  });

  it("refuses a forged or unsigned request with the IVR's 403", async () => {
    const { route, env } = await routeWith("1");
    expect((await route.POST(signedPost(env, CALL, "not-the-token"))).status).toBe(403);
    const unsigned = new Request(`${env.publicBaseUrl}/bench/signed-xml`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(CALL).toString(),
    });
    expect((await route.POST(unsigned)).status).toBe(403);
  });

  it("answers parameters that fail validation with the spoken apology, not an error", async () => {
    const { route, env } = await routeWith("1");
    const res = await route.POST(signedPost(env, { From: "+14165550101" }));
    expect(res.status).toBe(200);
    expect(parsePlivoXml(await res.text()).map((c) => c.name)).toContain("Hangup");
  });
});
