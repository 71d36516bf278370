// The partial re-fetch routes of the live board and calls page: supervisors only (no session: 401 here, an agent's
// session: 403 at the proxy and 401 here), 400 naming the bad parameter, and only the rows asked for.
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createPrismaClient } from "@/lib/db/client";
import { createAgent, createCall, ensureLanguages } from "@/tests/support/routing-fixtures";

type Session = { user: { id: string; email: string; name: string; role: string; sessionVersion?: number; agentId?: string } };
const state = vi.hoisted(() => ({ session: null as null | Session }));
vi.mock("@/auth", () => ({ auth: vi.fn(async () => state.session) }));
vi.mock("next-auth", () => ({ AuthError: class AuthError extends Error {} }));
vi.mock("@/lib/realtime/publish", () => ({ publish: vi.fn(async () => null) }));

const { GET: board } = await import("./board/route");
const { GET: calls } = await import("./calls/route");
const { gateForRole } = await import("@/lib/agent-auth/roles");
const db = createPrismaClient(process.env.DATABASE_URL!);
afterAll(() => db.$disconnect());

const get = (handler: (r: Request) => Promise<Response>, path: string) => handler(new Request(`http://localhost${path}`));

async function signInSupervisor() {
  const s = await db.supervisor.upsert({
    where: { email: "live@example.com" },
    create: { email: "live@example.com", name: "Live", passwordHash: "x", role: "SUPERVISOR" },
    update: {},
  });
  state.session = { user: { id: s.id, email: s.email, name: s.name, role: s.role, sessionVersion: s.sessionVersion } };
}

beforeEach(async () => {
  state.session = null;
  await db.agentAssignment.deleteMany();
  await db.agent.deleteMany();
  await db.call.deleteMany();
  await ensureLanguages(db);
});

describe("/api/live/board and /api/live/calls", () => {
  it("refuse a request without a supervisor's session; an agent's session is stopped at the proxy", async () => {
    for (const path of ["/api/live/board?counts=1", "/api/live/calls?queue=1"]) {
      const handler = path.includes("board") ? board : calls;
      expect((await get(handler, path)).status).toBe(401);
      state.session = { user: { id: "agent-login", email: "a@example.com", name: "A", role: "agent", agentId: "a1" } };
      expect((await get(handler, path)).status).toBe(401);
      expect(gateForRole("agent", path.split("?")[0]!, { api: true, action: false }).kind).toBe("forbidden");
      state.session = null;
    }
  });

  it("answer 400 naming the parameter for malformed ids, flags or unknown parameters", async () => {
    await signInSupervisor();
    for (const [handler, path, field] of [
      [board, "/api/live/board?agents=a%27%3B--", "agents"],
      [board, "/api/live/board?counts=true", "counts"],
      [calls, `/api/live/calls?calls=${Array.from({ length: 201 }, (_, i) => `c${i}`).join(",")}`, "calls"],
      [calls, "/api/live/calls?page=2", ""],
    ] as const) {
      const res = await get(handler, path);
      expect(res.status).toBe(400);
      expect(JSON.stringify(await res.json())).toContain(field);
    }
  });

  it("the board answers the rows asked for (with live state and score terms, no rank) and the state counts", async () => {
    await signInSupervisor();
    const busy = await createAgent(db, { name: "Busy One", status: "BUSY" });
    const other = await createAgent(db, { name: "Other" });
    const call = await createCall(db);
    await db.agent.update({ where: { id: busy.id }, data: { currentCallId: call.id } });
    await db.call.update({ where: { id: call.id }, data: { agentId: busy.id, agentConnectedAt: new Date() } });
    const old = await createCall(db);
    await db.call.update({ where: { id: old.id }, data: { agentId: busy.id, agentConnectedAt: new Date(Date.now() - 3 * 86_400_000) } });
    const res = await get(board, `/api/live/board?agents=${busy.id},gone-agent&counts=1`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { agents: Array<Record<string, unknown>>; counts: { floor: Record<string, number> } };
    expect(body.agents).toHaveLength(2);
    expect(body.agents[0]).toMatchObject({ id: busy.id, name: "Busy One", status: "BUSY", callsToday: 1, currentCall: { id: call.id, step: "ROUTING" } });
    expect(body.agents[0]).toHaveProperty("terms.score");
    expect(body.agents[0]).not.toHaveProperty("rank");
    expect(body.agents[1]).toEqual({ id: "gone-agent", gone: true });
    expect(body.agents.some((a) => a.id === other.id)).toBe(false);
    expect(body.counts.floor).toMatchObject({ BUSY: 1, AVAILABLE: 1 });
  });

  it("the board ends a wrap-up that ran out before answering (it never shows an expired one)", async () => {
    await signInSupervisor();
    const a = await createAgent(db, { status: "WRAP_UP" });
    await db.agent.update({ where: { id: a.id }, data: { wrapUpUntil: new Date(Date.now() - 1_000) } });
    const body = (await (await get(board, `/api/live/board?agents=${a.id}`)).json()) as { agents: Array<{ status: string }> };
    expect(body.agents[0]!.status).toBe("AVAILABLE");
  });

  it("live calls answer an active call's row, an ended call as gone, and the queue, callbacks and decisions when asked", async () => {
    await signInSupervisor();
    const active = await createCall(db);
    const ended = await createCall(db);
    await db.call.update({ where: { id: ended.id }, data: { status: "COMPLETED", endedAt: new Date() } });
    const res = await get(calls, `/api/live/calls?calls=${active.id},${ended.id}&queue=1&callbacks=1&decisions=1`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { calls: Array<Record<string, unknown>>; queue: unknown[]; callbacks: unknown[]; decisions: unknown[] };
    expect(body.calls[0]).toMatchObject({ id: active.id, status: "IN_IVR", step: "ROUTING", language: "English" });
    expect(body.calls[1]).toEqual({ id: ended.id, gone: true });
    expect(body.queue).toEqual([]);
    expect(body.callbacks).toEqual([]);
    expect(body.decisions).toEqual([]);
    expect(await (await get(calls, "/api/live/calls")).json()).toMatchObject({ calls: [] });
  });
});
