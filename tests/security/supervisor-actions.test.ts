// The supervisor surface through its real server actions and route handlers (Auth.js's cookie layer replaced by a
// session we hand in): revoked sessions get 401 from APIs and a redirect to /login from pages and actions; admins
// add and remove supervisors; every action writes its audit row with who and from where; start-a-call applies
// the toll-fraud rules and the daily cap.
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

const state = vi.hoisted(() => {
  process.env.OUTBOUND_DAILY_CAP = "3";
  return { session: null as null | { user: { id: string; email: string; name: string; role: string; sessionVersion: number } } };
});
vi.mock("@/auth", () => ({
  auth: vi.fn(async () => state.session),
  signIn: vi.fn(async () => undefined),
  signOut: vi.fn(async () => undefined),
}));
// next-auth's ESM imports `next/server` without an extension, which Node's resolver refuses outside Next.
vi.mock("next-auth", () => ({ AuthError: class AuthError extends Error {} }));
vi.mock("next/headers", () => ({ headers: async () => new Headers({ "x-forwarded-for": "spoofed, 198.51.100.23" }) }));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));
vi.mock("@/lib/realtime/publish", () => ({ publish: vi.fn(async () => null) }));

const { GET: agentStats } = await import("@/app/api/agent-stats/route");
const { POST: pusherAuth } = await import("@/app/api/pusher/auth/route");
const { requireSupervisor } = await import("@/lib/auth/session");
const { logoutAction } = await import("@/lib/auth/login-action");
const { addSupervisorAction, removeSupervisorAction, changePasswordAction } = await import("@/lib/auth/supervisor-actions");
const { saveAgentAction, removeAgentAction, setAvailabilityAction } = await import("@/lib/agents/agent-actions");
const { startCallAction } = await import("@/lib/dashboard/start-call-action");
const { getDb } = await import("@/lib/db/client");
const { seedDatabase } = await import("@/lib/db/seed");
const { verifyPassword } = await import("@/lib/auth/password-hash");

type Db = Awaited<ReturnType<typeof getDb>>;
let db: Db;

async function signInAs(email: string) {
  const s = await db.supervisor.findUniqueOrThrow({ where: { email } });
  state.session = { user: { id: s.id, email: s.email, name: s.name, role: s.role, sessionVersion: s.sessionVersion } };
  return state.session;
}
const form = (fields: Record<string, string>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.append(k, v);
  return f;
};
/** A Next redirect thrown by an action or page: its target. */
async function redirectOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    const digest = (err as { digest?: string }).digest ?? "";
    if (digest.startsWith("NEXT_REDIRECT")) return digest.split(";")[2] ?? "";
    throw err;
  }
  throw new Error("expected a redirect");
}
const auditRows = (action: string) => db.auditEvent.findMany({ where: { action }, orderBy: { at: "asc" } });

beforeAll(async () => {
  db = await getDb();
  await seedDatabase(db, { email: "admin@example.com", password: "admin password 1" });
});
// Each test stands alone (they pass in any order: `vitest --sequence.shuffle`): no session, no spent call-start
// slots and no audit rows from another test.
beforeEach(async () => {
  state.session = null;
  await db.rateLimit.deleteMany();
  await db.auditEvent.deleteMany();
});

describe("revocable sessions", () => {
  it("sign-out ends every session of that supervisor: APIs answer 401, pages send to /login", async () => {
    const session = await signInAs("admin@example.com");
    const copy = structuredClone(session); // the same cookie in a second browser
    expect((await agentStats()).status).toBe(200);
    await logoutAction();
    state.session = copy;
    expect((await agentStats()).status).toBe(401);
    expect(await redirectOf(requireSupervisor())).toBe("/login");
    expect(await redirectOf(setAvailabilityAction({}, form({ agentId: "x", status: "NOT_READY:BREAK" })))).toBe("/login");
    const rows = await auditRows("logout");
    expect(rows.at(-1)).toMatchObject({ actorEmail: "admin@example.com", ip: "198.51.100.23" });
  });

  it("an admin adds a supervisor; removing them ends their session at once", async () => {
    await signInAs("admin@example.com");
    const added = await addSupervisorAction({}, form({ name: "Bea", email: "Bea@Example.com", password: "bea's long password" }));
    expect(added).toMatchObject({ ok: true });
    expect(await addSupervisorAction({}, form({ name: "Bea", email: "bea@example.com", password: "bea's long password" }))).toMatchObject({
      ok: false,
      fieldErrors: { email: ["A supervisor with that email already exists."] },
    });
    const bea = await signInAs("bea@example.com");
    expect((await agentStats()).status).toBe(200);
    // Bea is not an admin: the supervisors' actions send her home.
    expect(await redirectOf(addSupervisorAction({}, form({ name: "X", email: "x@example.com", password: "a long password!" })))).toBe("/?denied=admin");

    const admin = await signInAs("admin@example.com");
    expect(await removeSupervisorAction({}, form({ supervisorId: admin.user.id }))).toMatchObject({ ok: false, message: /your own account/ });
    expect(await removeSupervisorAction({}, form({ supervisorId: bea.user.id }))).toMatchObject({ ok: true });
    state.session = bea;
    expect((await agentStats()).status).toBe(401);
    expect((await auditRows("supervisor.added")).map((r) => r.target)).toEqual(["bea@example.com"]);
    expect((await auditRows("supervisor.removed")).map((r) => r.target)).toEqual(["bea@example.com"]);
  });

  it("changing the password ends every session and the new password is the one that works", async () => {
    await signInAs("admin@example.com");
    expect(await changePasswordAction({}, form({ current: "wrong", next: "a brand new password", confirm: "a brand new password" }))).toMatchObject({
      ok: false,
      fieldErrors: { current: ["The current password is not right."] },
    });
    const old = structuredClone(state.session);
    expect(await redirectOf(changePasswordAction({}, form({ current: "admin password 1", next: "a brand new password", confirm: "a brand new password" })))).toBe(
      "/login?changed=1",
    );
    state.session = old;
    expect((await agentStats()).status).toBe(401);
    const row = await db.supervisor.findUniqueOrThrow({ where: { email: "admin@example.com" } });
    expect(await verifyPassword("a brand new password", row.passwordHash)).toBe(true);
    expect(await auditRows("password.changed")).toHaveLength(1);
  });
});

describe("audit rows for agent changes", () => {
  it("creating, editing, availability and removal each write who, what and from where", async () => {
    await signInAs("admin@example.com");
    expect(await redirectOf(saveAgentAction({}, form({ name: "Zed", phone: "+14155550177", languages: "en" })))).toMatch(/^\/agents/);
    const zed = await db.agent.findUniqueOrThrow({ where: { phone: "+14155550177" } });
    await redirectOf(saveAgentAction({}, form({ agentId: zed.id, name: "Zed Z", phone: "+14155550177", languages: "en" })));
    expect(await setAvailabilityAction({}, form({ agentId: zed.id, status: "NOT_READY:BREAK" }))).toMatchObject({ ok: true });
    expect(await removeAgentAction({}, form({ agentId: zed.id }))).toMatchObject({ ok: true });
    for (const action of ["agent.created", "agent.updated", "agent.availability", "agent.removed"]) {
      const rows = await auditRows(action);
      expect(rows, action).toHaveLength(1);
      expect(rows[0]).toMatchObject({ actorEmail: "admin@example.com", target: zed.id, ip: "198.51.100.23" });
    }
  });
});

describe("start a call: toll-fraud rules, daily cap, audit", () => {
  it.each([
    ["+1 900 555 0123", /premium-rate/],
    ["+44 909 123 4567", /premium-rate/],
    ["+44 871 234 5678", /premium-rate/],
    ["+41 900 123 456", /premium-rate/],
    ["+33 899 123 456", /premium-rate/],
    ["+881 6 1234 5678", /satellite/],
    ["+44 70 1234 5678", /personal/],
    ["+44 55 1234 5678", /universal access/],
  ])("refuses %s with the reason, places nothing and spends no slot", async (to, reason) => {
    await signInAs("admin@example.com");
    const result = await startCallAction({}, form({ to }));
    expect(result).toMatchObject({ status: "refused" });
    expect(result.message).toMatch(reason);
    expect(await db.rateLimit.findUnique({ where: { key: "call-start:daily" } })).toBeNull();
    const refused = await auditRows("call.refused");
    expect(refused.map((r) => JSON.parse(r.detail ?? "{}").reason)).toEqual([to.startsWith("+881") ? "non-geographic" : "number-type"]);
  });

  it("places allowed numbers (simulator) until the daily cap, then refuses with the cap named", async () => {
    await signInAs("admin@example.com");
    const placed = [];
    for (const to of ["+14155550142", "+442071838750", "+34600123456"]) placed.push(await redirectOf(startCallAction({}, form({ to }))));
    expect(placed.every((url) => url.startsWith("/phone?to="))).toBe(true);
    const capped = await startCallAction({}, form({ to: "+14155550143" }));
    expect(capped).toMatchObject({ status: "limited" });
    expect(capped.message).toMatch(/daily maximum of 3 calls/);
    // The refusal by the daily cap did not use up the supervisor's per-minute slot.
    const mine = await db.rateLimit.findUniqueOrThrow({ where: { key: `call-start:supervisor:${state.session!.user.id}` } });
    expect(mine.count).toBe(3);
    expect(await auditRows("call.started")).toHaveLength(3);
    const refused = await auditRows("call.refused");
    expect(refused.map((r) => JSON.parse(r.detail ?? "{}").reason)).toEqual(["limit:daily"]);
  });
});

describe("4xx, not 500", () => {
  it("/api/pusher/auth with a JSON body is a 415, a bad form a 400, an oversized one a 413", async () => {
    await signInAs("admin@example.com");
    const json = new Request("http://localhost/api/pusher/auth", { method: "POST", headers: { "content-type": "application/json" }, body: '{"socket_id":"1.2"}' });
    expect((await pusherAuth(json)).status).toBe(415);
    const bad = new Request("http://localhost/api/pusher/auth", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "socket_id=x" });
    expect((await pusherAuth(bad)).status).toBe(400);
    const big = new Request("http://localhost/api/pusher/auth", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: `socket_id=${"1".repeat(200_000)}`,
    });
    expect((await pusherAuth(big)).status).toBe(413);
  });
});
