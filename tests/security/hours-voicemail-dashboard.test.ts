// #18's supervisor surface through its real server actions and media route (Auth.js's cookie layer replaced by a
// session we hand in): bad hours input is refused with the field named and nothing stored; good input is stored
// and audited; a recording is reachable only with a supervisor session (401 without, never the Plivo URL), and a
// voicemail is assigned and marked done once.
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

const state = vi.hoisted(() => ({ session: null as null | { user: { id: string; email: string; name: string; role: string; sessionVersion: number } } }));
vi.mock("@/auth", () => ({ auth: vi.fn(async () => state.session), signIn: vi.fn(async () => undefined), signOut: vi.fn(async () => undefined) }));
vi.mock("next-auth", () => ({ AuthError: class AuthError extends Error {} }));
vi.mock("next/headers", () => ({ headers: async () => new Headers({ "x-forwarded-for": "198.51.100.23" }) }));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));
vi.mock("@/lib/realtime/publish", () => ({ publish: vi.fn(async () => null) }));

const { saveWeekAction, saveExceptionAction, removeExceptionAction } = await import("@/lib/hours/hours-actions");
const { assignVoicemailAction, markVoicemailDoneAction } = await import("@/lib/voicemail/voicemail-actions");
const { GET: audio } = await import("@/app/api/voicemail/[voicemailId]/audio/route");
const { getDb } = await import("@/lib/db/client");
const { seedDatabase } = await import("@/lib/db/seed");
const { env } = await import("@/lib/env");
const { SIMULATED_RECORDING_PATH } = await import("@/lib/voicemail/simulated-audio");

type Db = Awaited<ReturnType<typeof getDb>>;
let db: Db;

const form = (fields: Record<string, string>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.append(k, v);
  return f;
};
/** Mon-Fri open with the given times, weekend closed. */
const week = (language: string, opens = "09:00", closes = "17:00", extra: Record<string, string> = {}) =>
  form({
    language,
    enabled: "on",
    ...Object.fromEntries([1, 2, 3, 4, 5].flatMap((d) => [[`open-${d}`, "on"], [`opens-${d}`, opens], [`closes-${d}`, closes]])),
    ...extra,
  });

async function signIn() {
  const s = await db.supervisor.findUniqueOrThrow({ where: { email: "sup@example.com" } });
  state.session = { user: { id: s.id, email: s.email, name: s.name, role: s.role, sessionVersion: s.sessionVersion } };
}
const audioRequest = (id: string) => audio(new Request(`http://localhost:3000/api/voicemail/${id}/audio`), { params: Promise.resolve({ voicemailId: id }) });

beforeAll(async () => {
  db = await getDb();
  await seedDatabase(db, { email: "sup@example.com", password: "password1" });
});

beforeEach(async () => {
  state.session = null;
  await db.businessHours.deleteMany();
  await db.hoursException.deleteMany();
});

describe("business hours actions", () => {
  it.each([
    ["close before open", week("en", "17:00", "09:00"), "closes-1", /after opens/],
    ["close equal to open", week("en", "09:00", "09:00"), "closes-1", /after opens/],
    ["not a time", week("en", "9am", "17:00"), "opens-1", /use a time/],
    ["25:00", week("en", "09:00", "25:00"), "closes-1", /use a time/],
    ["unknown language", week("xx"), "language", /no language "xx"/],
    ["malformed language", week("<script>"), "language", /Pick a language/],
  ])("%s: a clear error on the field, nothing stored, nothing audited", async (_name, f, field, message) => {
    await signIn();
    const before = await db.auditEvent.count({ where: { action: "hours.changed" } });
    const r = await saveWeekAction({}, f);
    expect(r.ok).toBe(false);
    expect(r.status).toBe(400);
    expect(r.fieldErrors?.[field]?.[0]).toMatch(message);
    expect(await db.businessHours.count()).toBe(0);
    expect(await db.auditEvent.count({ where: { action: "hours.changed" } })).toBe(before);
  });

  it("a good week is stored (weekend closed), audited with who; unchecking 'use these hours' goes back to 24/7", async () => {
    await signIn();
    expect(await saveWeekAction({}, week("en", "08:30", "24:00"))).toMatchObject({ ok: true });
    const rows = await db.businessHours.findMany({ where: { languageCode: "en" }, orderBy: { weekday: "asc" } });
    expect(rows.map((r) => (r.closed ? "closed" : `${r.opensAt}-${r.closesAt}`))).toEqual(["510-1440", "510-1440", "510-1440", "510-1440", "510-1440", "closed", "closed"]);
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: "hours.changed" }, orderBy: { at: "desc" } });
    expect(audit).toMatchObject({ actorEmail: "sup@example.com", target: "en", ip: "198.51.100.23" });
    expect(await saveWeekAction({}, form({ language: "en" }))).toMatchObject({ ok: true, message: "Saved: open 24/7." });
    expect(await db.businessHours.count({ where: { languageCode: "en" } })).toBe(0);
  });

  it.each([
    ["an impossible date", { date: "2026-02-30", kind: "closed" }, "date"],
    ["a date that is not a date", { date: "tomorrow", kind: "closed" }, "date"],
    ["special hours closing before opening", { date: "2026-12-24", kind: "special", opensAt: "12:00", closesAt: "09:00" }, "closesAt"],
    ["special hours without times", { date: "2026-12-24", kind: "special" }, "opensAt"],
  ])("exception with %s is refused on its field, nothing stored", async (_n, fields, field) => {
    await signIn();
    const r = await saveExceptionAction({}, form({ language: "en", ...fields }));
    expect(r.ok).toBe(false);
    expect(r.fieldErrors?.[field]?.length).toBeGreaterThan(0);
    expect(await db.hoursException.count()).toBe(0);
  });

  it("a holiday and special hours are stored once per date (a second add replaces), audited; removing one is audited", async () => {
    await signIn();
    expect(await saveExceptionAction({}, form({ language: "es", date: "2026-12-25", kind: "closed", label: "Navidad" }))).toMatchObject({ ok: true });
    expect(await saveExceptionAction({}, form({ language: "es", date: "2026-12-25", kind: "special", opensAt: "10:00", closesAt: "14:00" }))).toMatchObject({ ok: true });
    const rows = await db.hoursException.findMany();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ languageCode: "es", date: "2026-12-25", closed: false, opensAt: 600, closesAt: 840 });
    expect(await db.auditEvent.count({ where: { action: "hours.exception.added", target: "es" } })).toBeGreaterThanOrEqual(2);
    expect(await removeExceptionAction({}, form({ exceptionId: rows[0]!.id }))).toMatchObject({ ok: true });
    expect(await db.hoursException.count()).toBe(0);
    expect(await removeExceptionAction({}, form({ exceptionId: rows[0]!.id }))).toMatchObject({ ok: false, status: 404 });
  });

  it("without a session the actions redirect to /login and store nothing", async () => {
    await expect(saveWeekAction({}, week("en"))).rejects.toMatchObject({ digest: expect.stringContaining("NEXT_REDIRECT") });
    expect(await db.businessHours.count()).toBe(0);
  });
});

describe("voicemail recordings and tasks", () => {
  async function voicemail(recordingUrl: string, durationSeconds = 4) {
    const call = await db.call.create({ data: { callUuid: `vm-${Math.random()}`, direction: "INBOUND", from: "+12025550199", to: "+14155550000", languageCode: "en" } });
    return db.voicemail.create({ data: { callId: call.id, languageCode: "en", recordingId: `r-${call.id}`, recordingUrl, durationSeconds } });
  }

  it("the media route answers 401 without a session (no audio, no URL), and plays for a supervisor", async () => {
    const simulated = await voicemail(`${env().publicBaseUrl}${SIMULATED_RECORDING_PATH}abc.mp3`, 3);
    const anonymous = await audioRequest(simulated.id);
    expect(anonymous.status).toBe(401);
    const body = await anonymous.text();
    expect(body).not.toContain("simulator/recordings");
    await signIn();
    const res = await audioRequest(simulated.id);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("audio/wav");
    expect(res.headers.get("cache-control")).toContain("no-store");
    const wav = new Uint8Array(await res.arrayBuffer());
    expect(new TextDecoder().decode(wav.slice(0, 4))).toBe("RIFF");
    expect(wav.byteLength).toBe(44 + 3 * 8000 * 2);
  });

  it("refuses ids that are not ids (400), unknown voicemails (404) and recordings on hosts we do not play from (404)", async () => {
    await signIn();
    expect((await audioRequest("../../etc")).status).toBe(400);
    expect((await audioRequest("nope")).status).toBe(404);
    const foreign = await voicemail("https://evil.example.com/x.mp3");
    expect((await audioRequest(foreign.id)).status).toBe(404);
  });

  it("assign then done, each once; bad input and unknown agents are refused", async () => {
    await signIn();
    const v = await voicemail(`${env().publicBaseUrl}${SIMULATED_RECORDING_PATH}t.mp3`);
    const agent = await db.agent.findFirstOrThrow({ orderBy: { name: "asc" } });
    expect(await assignVoicemailAction({}, form({ voicemailId: v.id, agentId: "missing-agent" }))).toMatchObject({ ok: false, status: 400 });
    expect(await assignVoicemailAction({}, form({ voicemailId: v.id, agentId: "x'; drop" }))).toMatchObject({ ok: false, status: 400 });
    expect(await assignVoicemailAction({}, form({ voicemailId: v.id, agentId: agent.id }))).toMatchObject({ ok: true });
    expect(await db.voicemail.findUniqueOrThrow({ where: { id: v.id } })).toMatchObject({ status: "ASSIGNED", assignedAgentId: agent.id });
    const [a, b] = await Promise.all([markVoicemailDoneAction({}, form({ voicemailId: v.id })), markVoicemailDoneAction({}, form({ voicemailId: v.id }))]);
    expect([a.ok, b.ok]).toEqual([true, true]);
    expect(await db.auditEvent.count({ where: { action: "voicemail.done", target: v.id } })).toBe(1);
    const done = await db.voicemail.findUniqueOrThrow({ where: { id: v.id } });
    expect(done.status).toBe("DONE");
    expect(done.doneAt).not.toBeNull();
    expect(await assignVoicemailAction({}, form({ voicemailId: v.id, agentId: agent.id }))).toMatchObject({ ok: false, status: 409 });
  });
});
