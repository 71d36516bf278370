// The benchmark's baseline route exists only while benchmarking: production answers 404.
import { afterEach, describe, expect, it, vi } from "vitest";

const saved = process.env.BENCH_STATIC_XML;
afterEach(() => {
  if (saved === undefined) delete process.env.BENCH_STATIC_XML;
  else process.env.BENCH_STATIC_XML = saved;
});

/** The route with a freshly read environment (lib/env.ts caches it per module instance). */
async function routeWith(flag: string | undefined) {
  if (flag === undefined) delete process.env.BENCH_STATIC_XML;
  else process.env.BENCH_STATIC_XML = flag;
  vi.resetModules();
  return import("./route");
}

describe("/bench/static-xml", () => {
  it("is a 404 unless the bench turned it on", async () => {
    expect((await routeWith(undefined)).POST().status).toBe(404);
    expect((await routeWith("0")).GET().status).toBe(404);
  });

  it("answers constant XML when BENCH_STATIC_XML=1", async () => {
    const res = (await routeWith("1")).POST();
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("<Response>");
  });
});
