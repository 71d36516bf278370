// #18 through the real, signed webhook routes in a call centre far from UTC (Pacific/Auckland, UTC+12/+13):
// business hours and a holiday route the caller at their exact boundaries, daylight-saving days included; a closed
// line offers voicemail (wrong key asks again, silence says goodbye); a message is stored once whatever Plivo
// retries, concurrently or not; unsigned requests get 403 and bad input a 4xx, with nothing stored.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.CALL_CENTRE_TIME_ZONE = "Pacific/Auckland";
});
vi.mock("@/lib/realtime/publish", () => ({ publish: vi.fn(async () => null) }));

import * as afterHours from "@/app/ivr/after-hours/route";
import * as voicemailDone from "@/app/ivr/voicemail-done/route";
import * as voicemailRecorded from "@/app/ivr/voicemail-recorded/route";
import * as voicemailRoute from "@/app/ivr/voicemail/route";
import * as transcription from "@/app/ivr/voicemail-transcription/route";
import { getDb, type Db } from "@/lib/db/client";
import { seedDatabase } from "@/lib/db/seed";
import { forgetSchedules } from "@/lib/hours/load-schedule";
import { saveWeek } from "@/lib/hours/save-hours";
import { env } from "@/lib/env";
import { PROMPTS } from "@/lib/ivr/prompts";
import { Caller, IVR_ROUTES, plivoRequest, send } from "./ivr-harness";

Object.assign(IVR_ROUTES, {
  "/ivr/after-hours": afterHours,
  "/ivr/voicemail": voicemailRoute,
  "/ivr/voicemail-done": voicemailDone,
  "/ivr/voicemail-recorded": voicemailRecorded,
  "/ivr/voicemail-transcription": transcription,
});

const en = PROMPTS.en!;
const es = PROMPTS.es!;
let db: Db;

/** Mon-Fri 09:00-17:00 for a language (ISO weekdays), weekend closed. */
async function officeHours(language: string, opensAt = 9 * 60, closesAt = 17 * 60) {
  await db.businessHours.deleteMany({ where: { languageCode: language } });
  for (let weekday = 1; weekday <= 7; weekday++) {
    await db.businessHours.create({ data: { languageCode: language, weekday, closed: weekday > 5, opensAt: weekday > 5 ? 0 : opensAt, closesAt: weekday > 5 ? 0 : closesAt } });
  }
}

function at(iso: string) {
  vi.setSystemTime(new Date(iso));
}

/** A caller who picked `digit` (1 English, 2 Spanish) at the current fake time. */
async function callerPicking(digit: "1" | "2") {
  forgetSchedules(db); // the IVR caches hours per process; this file writes them directly, not through save-hours
  const c = new Caller();
  await c.answer();
  await c.press(digit);
  return c;
}

const isMenu = (c: Caller, p = en) => c.heard.includes(p.actionMenu);
const isClosed = (c: Caller, p = en) => c.heard.some((t) => t.startsWith(p.closedNow(null).replace(/\.$/, ""))) && c.heard.includes(p.voicemailOffer);

beforeAll(async () => {
  db = await getDb();
  await seedDatabase(db, { email: "sup@example.com", password: "password1" });
  expect(env().timeZone).toBe("Pacific/Auckland");
});

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ["Date"] });
  await db.businessHours.deleteMany();
  await db.hoursException.deleteMany();
  forgetSchedules(db);
});

afterEach(() => {
  vi.useRealTimers();
});

afterAll(() => {
  vi.useRealTimers();
});

describe("business hours route the caller at their boundaries (Pacific/Auckland)", () => {
  it("no hours configured: the menu as before, at any hour", async () => {
    at("2026-12-05T15:00:00Z"); // Sunday 04:00 in Auckland
    const c = await callerPicking("1");
    expect(isMenu(c)).toBe(true);
    const call = await db.call.findUniqueOrThrow({ where: { callUuid: c.callUuid } });
    expect(call.outsideHours).toBe(false);
  });

  it("the IVR reads hours through a per-process cache that a supervisor's save drops at once", async () => {
    at("2026-12-05T15:00:00Z"); // Sunday 04:00 in Auckland
    expect(isMenu(await callerPicking("1"))).toBe(true); // 24/7: the open schedule is now cached
    await saveWeek(db, { language: "en", enabled: true, days: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, open: false })) });
    const next = new Caller(); // not callerPicking: nothing but the save itself may drop the cache
    await next.answer();
    await next.press("1");
    expect(isClosed(next)).toBe(true);
  });

  it("opening minute is open, the second before is closed; closing minute is closed, the second before open", async () => {
    await officeHours("en");
    // Monday 2026-11-30 in Auckland (NZDT, UTC+13): 09:00 local = Sunday 20:00 UTC.
    at("2026-11-29T19:59:59Z");
    const early = await callerPicking("1");
    expect(isClosed(early)).toBe(true);
    expect(early.heard).toContain(en.closedNow("today at 9:00 AM"));
    at("2026-11-29T20:00:00Z");
    expect(isMenu(await callerPicking("1"))).toBe(true);
    at("2026-11-30T03:59:59Z"); // 16:59:59
    expect(isMenu(await callerPicking("1"))).toBe(true);
    at("2026-11-30T04:00:00Z"); // 17:00:00
    const late = await callerPicking("1");
    expect(late.heard).toContain(en.closedNow("tomorrow at 9:00 AM"));
    expect((await db.call.findUniqueOrThrow({ where: { callUuid: late.callUuid } })).outsideHours).toBe(true);
  });

  it("hours are per language: Spanish closed (said in Spanish) while English is open", async () => {
    await officeHours("es", 10 * 60, 14 * 60);
    at("2026-11-29T20:30:00Z"); // Monday 09:30
    expect(isMenu(await callerPicking("1"))).toBe(true);
    const c = await callerPicking("2");
    expect(isClosed(c, es)).toBe(true);
    expect(c.heard).toContain(es.closedNow("hoy a las 10:00"));
  });

  it("a holiday closes the whole day and the next opening skips it; special hours apply at their own boundaries", async () => {
    await officeHours("en");
    await db.hoursException.create({ data: { languageCode: "en", date: "2026-12-25", closed: true, label: "Christmas" } }); // Friday
    await db.hoursException.create({ data: { languageCode: "en", date: "2026-12-24", closed: false, opensAt: 9 * 60, closesAt: 12 * 60 } });
    at("2026-12-24T22:59:59Z"); // Friday 25th 11:59:59
    const holiday = await callerPicking("1");
    expect(holiday.heard).toContain(en.closedNow("on Monday at 9:00 AM"));
    at("2026-12-23T22:59:59Z"); // Thursday 24th 11:59:59: special hours, still open
    expect(isMenu(await callerPicking("1"))).toBe(true);
    at("2026-12-23T23:00:00Z"); // 12:00 sharp: closed, next opening Monday (Friday is the holiday, then the weekend)
    expect((await callerPicking("1")).heard).toContain(en.closedNow("on Monday at 9:00 AM"));
  });

  it("daylight saving ends (5 April 2026, 03:00 NZDT -> 02:00 NZST): 01:00-03:00 hours stay open three real hours", async () => {
    await db.hoursException.create({ data: { languageCode: "en", date: "2026-04-05", closed: false, opensAt: 60, closesAt: 180 } });
    at("2026-04-04T11:59:59Z"); // 00:59:59 NZDT
    expect(isClosed(await callerPicking("1"))).toBe(true);
    at("2026-04-04T12:00:00Z"); // 01:00 NZDT
    expect(isMenu(await callerPicking("1"))).toBe(true);
    at("2026-04-04T14:30:00Z"); // 02:30 NZST, the second time the clock reads 02:30
    expect(isMenu(await callerPicking("1"))).toBe(true);
    at("2026-04-04T15:00:00Z"); // 03:00 NZST
    expect(isClosed(await callerPicking("1"))).toBe(true);
  });

  it("daylight saving starts (27 September 2026, 02:00 NZST -> 03:00 NZDT): a 02:30 opening opens at 03:00 NZDT", async () => {
    await db.hoursException.create({ data: { languageCode: "en", date: "2026-09-27", closed: false, opensAt: 150, closesAt: 600 } });
    at("2026-09-26T13:59:00Z"); // 01:59 NZST
    expect((await callerPicking("1")).heard).toContain(en.closedNow("today at 3:00 AM"));
    at("2026-09-26T14:00:00Z"); // 03:00 NZDT
    expect(isMenu(await callerPicking("1"))).toBe(true);
  });
});

describe("the voicemail offer", () => {
  beforeEach(async () => {
    await officeHours("en");
    await officeHours("es");
    at("2026-12-05T15:00:00Z"); // Sunday 04:00: closed
  });

  it("a wrong key asks again (MAX_ATTEMPTS), silence says goodbye", async () => {
    const wrong = await callerPicking("1");
    await wrong.press("7");
    expect(wrong.heard).toEqual([en.invalidOption, en.voicemailOffer]);
    await wrong.press("9");
    await wrong.press("3");
    expect(wrong.heard).toEqual([en.tooManyAttempts]);
    expect(wrong.elements).toContain("Hangup");

    const silent = await callerPicking("1");
    await silent.silence();
    expect(silent.heard).toEqual([en.goodbye]);
    expect((await db.call.findUniqueOrThrow({ where: { callUuid: silent.callUuid } })).step).toBe("DONE");
  });

  it("1 records a message with Plivo's Record attributes; English asks for a transcription, Spanish does not", async () => {
    const c = await callerPicking("1");
    await c.press("1");
    const rec = c.tree.children.find((n) => n.name === "Record")!;
    expect(rec.attrs).toMatchObject({ maxLength: "120", playBeep: "true", finishOnKey: "#", method: "POST", transcriptionType: "auto" });
    expect(rec.attrs.action).toBe(`${env().publicBaseUrl}/ivr/voicemail-done`);
    expect(rec.attrs.callbackUrl).toBe(`${env().publicBaseUrl}/ivr/voicemail-recorded?CallUUID=${c.callUuid}`);
    expect(rec.attrs.transcriptionUrl).toBe(`${env().publicBaseUrl}/ivr/voicemail-transcription`);
    expect(c.heard[0]).toBe(en.voicemailInstructions);

    const s = await callerPicking("2");
    await s.press("1");
    const esRec = s.tree.children.find((n) => n.name === "Record")!;
    expect(esRec.attrs.transcriptionType).toBeUndefined();
    expect(s.heard[0]).toBe(es.voicemailInstructions);
  });
});

describe("a recording is stored once", () => {
  beforeEach(async () => {
    await officeHours("en");
    at("2026-12-05T15:00:00Z");
  });

  const recordingParams = (id: string) => ({ RecordUrl: `https://media.plivo.com/v1/Account/MA/Recording/${id}.mp3`, RecordingID: id, RecordingDuration: "14", RecordingDurationMs: "14020" });

  it("the action, its retry and the callback (three at once) leave one Voicemail with the call", async () => {
    const c = await callerPicking("1");
    await c.press("1");
    const id = `rec-${c.callUuid}`;
    const action = plivoRequest("/ivr/voicemail-done", { ...c.base, ...recordingParams(id) });
    const first = await send(action.clone());
    expect(first.status).toBe(200);
    expect(first.xml).toContain(en.voicemailThanks);
    expect((await send(plivoRequest("/ivr/voicemail-done", { ...c.base, ...recordingParams(id) }))).xml).toBe(first.xml);
    const callbacks = await Promise.all([1, 2, 3].map(() => send(plivoRequest("/ivr/voicemail-recorded", { ...c.base, ...recordingParams(id) }))));
    expect(callbacks.map((r) => r.status)).toEqual([200, 200, 200]);
    const stored = await db.voicemail.findMany({ where: { recordingId: id }, include: { call: true } });
    console.log(`voicemail deliveries: 2 actions + 3 callbacks -> ${stored.length} row(s)`);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ languageCode: "en", durationSeconds: 14, status: "NEW", recordingUrl: recordingParams(id).RecordUrl });
    expect(stored[0]!.call.callUuid).toBe(c.callUuid);
    // The hangup after the thanks: a caller who left a message got what they came for.
    await send(plivoRequest("/plivo/callback", { ...c.base, CallStatus: "completed", Duration: "40", HangupCause: "NORMAL_CLEARING" }));
    expect((await db.call.findUniqueOrThrow({ where: { callUuid: c.callUuid } })).status).toBe("COMPLETED");
  });

  it("the callback alone (the action lost) is enough; the transcription is stored once it arrives, first one kept", async () => {
    const c = await callerPicking("1");
    await c.press("1");
    const id = `rec2-${c.callUuid}`;
    expect((await send(plivoRequest("/ivr/voicemail-recorded", { ...c.base, ...recordingParams(id) }))).status).toBe(200);
    const t = (text: string) => send(plivoRequest("/ivr/voicemail-transcription", { transcription: text, recording_id: id, call_uuid: c.callUuid, duration: "14" }));
    expect((await t("Please call me back about my order.")).status).toBe(200);
    expect((await t("A different text from a retry")).status).toBe(200);
    const v = await db.voicemail.findUniqueOrThrow({ where: { recordingId: id } });
    expect(v.transcription).toBe("Please call me back about my order.");
  });

  it("a callback whose body has only the recording's fields is matched to its call by the CallUUID in its URL", async () => {
    const c = await callerPicking("1");
    await c.press("1");
    const callbackUrl = c.tree.children.find((n) => n.name === "Record")!.attrs.callbackUrl!;
    const id = `rec4-${c.callUuid}`;
    expect((await send(plivoRequest(callbackUrl, recordingParams(id)))).status).toBe(200);
    const v = await db.voicemail.findUniqueOrThrow({ where: { recordingId: id }, include: { call: true } });
    expect(v.call.callUuid).toBe(c.callUuid);
  });

  it("unsigned or wrongly signed recording and transcription callbacks get 403 and store nothing", async () => {
    const c = await callerPicking("1");
    const id = `rec3-${c.callUuid}`;
    for (const [path, params] of [
      ["/ivr/voicemail-recorded", { ...c.base, ...recordingParams(id) }],
      ["/ivr/voicemail-done", { ...c.base, ...recordingParams(id) }],
      ["/ivr/after-hours", { ...c.base, Digits: "1" }],
      ["/ivr/voicemail", { ...c.base }],
      ["/ivr/voicemail-transcription", { transcription: "x", recording_id: id }],
    ] as const) {
      for (const signing of ["none", "wrong-token"] as const) {
        expect((await send(plivoRequest(path, params, { signing }))).status, `${path} ${signing}`).toBe(403);
      }
    }
    expect(await db.voicemail.count({ where: { recordingId: id } })).toBe(0);
  });

  it("bad input: a transcription without a recording id is a 400; a malformed RecordUrl stores nothing (the caller still hears thanks)", async () => {
    expect((await send(plivoRequest("/ivr/voicemail-transcription", { transcription: "x" }))).status).toBe(400);
    expect((await send(plivoRequest("/ivr/voicemail-transcription", { transcription: "x", recording_id: "not an id; drop table" }))).status).toBe(400);
    const c = await callerPicking("1");
    await c.press("1");
    const res = await send(plivoRequest("/ivr/voicemail-done", { ...c.base, RecordUrl: "javascript:alert(1)", RecordingID: "bad-url-rec" }));
    expect(res.status).toBe(200);
    expect(res.xml).toContain(en.voicemailThanks);
    expect(await db.voicemail.count({ where: { recordingId: "bad-url-rec" } })).toBe(0);
  });
});

describe("/ivr/voicemail?lang= (the entry other steps redirect to)", () => {
  it("takes a queued caller out of the queue and records in their language", async () => {
    const c = await callerPicking("2"); // no hours configured: open, Spanish menu
    expect(isMenu(c, es)).toBe(true);
    await db.call.update({ where: { callUuid: c.callUuid }, data: { status: "QUEUED", step: "QUEUE", queuedAt: new Date() } });
    const res = await send(plivoRequest(`${env().publicBaseUrl}/ivr/voicemail?lang=es`, c.base));
    expect(res.status).toBe(200);
    expect(res.xml).toContain("<Record");
    expect(res.xml).toContain(es.voicemailInstructions);
    const call = await db.call.findUniqueOrThrow({ where: { callUuid: c.callUuid } });
    expect(call).toMatchObject({ status: "IN_IVR", step: "VOICEMAIL" });
  });
});

describe("analytics", () => {
  it("counts calls that reached a closed line and voicemails left, in the period (GROUP BY style, both databases)", async () => {
    const { loadAnalytics } = await import("@/lib/dashboard/load-analytics");
    const { resolvePeriod } = await import("@/lib/dashboard/analytics-period");
    await officeHours("en");
    at("2026-12-05T15:00:00Z"); // Sunday: closed
    const period = resolvePeriod({ from: "2026-12-05", to: "2026-12-06" });
    const before = (await loadAnalytics(db, period)).afterHours;
    const c = await callerPicking("1");
    await c.press("1");
    await send(plivoRequest("/ivr/voicemail-done", { ...c.base, RecordUrl: "https://media.plivo.com/r/a.mp3", RecordingID: `an-${c.callUuid}`, RecordingDuration: "3" }));
    const open = await callerPicking("2"); // Spanish has no hours: open, not counted
    expect(isMenu(open, es)).toBe(true);
    const after = (await loadAnalytics(db, period)).afterHours;
    expect(after).toEqual({ voicemails: before.voicemails + 1, callsOutsideHours: before.callsOutsideHours + 1 });
  });
});
