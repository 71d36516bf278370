// The one error mapper: each kind of failure gets the status a client can act on; unknown errors say nothing
// about themselves to the client and are logged once.
import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { captureLog } from "../../tests/support/capture-log";
import { forbidden, HttpError, invalidInput, jsonRoute, mapError, notFound, runAction, unauthenticated } from "./errors";

afterEach(() => vi.restoreAllMocks());

const query = z.object({ page: z.coerce.number().int().min(1), status: z.enum(["COMPLETED", "FAILED"]) });

describe("mapError", () => {
  it("answers invalid input with 400 and every issue, named by parameter", () => {
    const parsed = query.safeParse({ page: "0", status: "LOST" });
    expect(parsed.success).toBe(false);
    const { status, body } = mapError(invalidInput(parsed.error!), "test");
    expect(status).toBe(400);
    expect(body.issues?.map((i) => i.param).sort()).toEqual(["page", "status"]);
    // A ZodError thrown by .parse() is mapped the same way.
    expect(mapError(query.safeParse({}).error, "test")).toMatchObject({ status: 400, body: { issues: [{ param: "page" }, { param: "status" }] } });
  });

  it("maps no session, wrong role and not found to 401, 403 and 404", () => {
    expect(mapError(unauthenticated(), "t").status).toBe(401);
    expect(mapError(forbidden(), "t").status).toBe(403);
    expect(mapError(notFound("Agent"), "t")).toEqual({ status: 404, body: { error: "Agent was not found." } });
  });

  it("answers an unknown error with a generic 500 and logs it once with where it happened", () => {
    const logged = captureLog("error");
    const { status, body } = mapError(new Error("SQLITE_CORRUPT at /srv/db"), "api/agent-stats");
    expect(status).toBe(500);
    expect(JSON.stringify(body)).not.toContain("SQLITE");
    expect(logged.lines).toHaveLength(1);
    expect(logged.lines[0]).toMatchObject({ level: "error", where: "api/agent-stats", msg: "request failed" });
    expect(String(logged.lines[0]!.error)).toContain("SQLITE_CORRUPT");
  });
});

describe("jsonRoute and runAction", () => {
  it("a route handler's throw becomes a JSON response with the mapped status", async () => {
    const route = jsonRoute("test", async (n: number) => {
      if (n === 1) throw new HttpError(409, "Already done.");
      return Response.json({ n });
    });
    const res = await route(1);
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({ error: "Already done." });
    expect(await (await route(2)).json()).toEqual({ n: 2 });
  });

  it("a server action's failure becomes a form message (field errors for invalid input), not an error page", async () => {
    const invalid = await runAction("test", async () => query.parse({ page: "x", status: "COMPLETED" }));
    expect(invalid).toMatchObject({ ok: false, status: 400, fieldErrors: { page: [expect.any(String)] } });
    captureLog("error");
    expect(await runAction("test", async () => Promise.reject(new Error("boom")))).toEqual({
      ok: false,
      status: 500,
      message: "Something went wrong. Try again.",
    });
  });
});
