// The benchmark's statement counts exist only while benchmarking: production answers 404.
import { afterEach, describe, expect, it, vi } from "vitest";

const saved = process.env.BENCH_COUNT_STATEMENTS;
afterEach(() => {
  if (saved === undefined) delete process.env.BENCH_COUNT_STATEMENTS;
  else process.env.BENCH_COUNT_STATEMENTS = saved;
});

/** The route with a freshly read environment (lib/env.ts caches it per module instance). */
async function routeWith(flag: string | undefined) {
  if (flag === undefined) delete process.env.BENCH_COUNT_STATEMENTS;
  else process.env.BENCH_COUNT_STATEMENTS = flag;
  vi.resetModules();
  return import("./route");
}

describe("/bench/statements", () => {
  it("is a 404 unless the bench turned counting on", async () => {
    expect((await routeWith(undefined)).GET().status).toBe(404);
    expect((await routeWith("0")).DELETE().status).toBe(404);
  });

  it("answers the counts as JSON and resets them when BENCH_COUNT_STATEMENTS=1", async () => {
    const route = await routeWith("1");
    const res = route.GET();
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ byKey: {}, unscoped: expect.any(Number) });
    expect(route.DELETE().status).toBe(204);
  });
});
