// The after-hours and voicemail answers as Plivo's SDK renders them (it throws on an attribute outside its
// whitelist), the spoken next opening in both languages, and VOICEMAIL_MAX_SECONDS's validation.
import { describe, expect, it } from "vitest";
import { loadEnv } from "../env";
import { parseXml } from "../../tests/support/xml-tree";
import { describeOpening } from "./flow/after-hours";
import { PROMPTS } from "./prompts";
import { renderAfterHoursOffer, renderRecordVoicemail } from "./voicemail-responses";

const EN = { code: "en", locale: "en-US", voice: "WOMAN" };
const ES = { code: "es", locale: "es-US", voice: "WOMAN" };

describe("after-hours answers", () => {
  it("the offer takes any key (no validDigits) and falls back to a no-input redirect", () => {
    const tree = parseXml(renderAfterHoursOffer(EN, { closedText: "Closed.", attempt: 0 }));
    const g = tree.children[0]!;
    expect(g.name).toBe("GetDigits");
    expect(g.attrs.validDigits).toBeUndefined();
    expect(g.children.map((c) => c.text)).toEqual(["Closed.", PROMPTS.en!.voicemailOffer]);
    expect(tree.children[1]).toMatchObject({ name: "Redirect" });
    expect(tree.children[1]!.text).toContain("/ivr/after-hours?a=0&noinput=1");
  });

  it("Record: beep, maxLength, # to finish, callback; transcription only for English; never silence after it", () => {
    const en = parseXml(renderRecordVoicemail(EN, "uuid-1"));
    expect(en.children[1]!.attrs.callbackUrl).toMatch(/\/ivr\/voicemail-recorded\?CallUUID=uuid-1$/);
    expect(en.children.map((c) => c.name)).toEqual(["Speak", "Record", "Speak", "Hangup"]);
    expect(en.children[1]!.attrs).toMatchObject({ maxLength: "120", playBeep: "true", finishOnKey: "#", fileFormat: "mp3", transcriptionType: "auto" });
    const es = parseXml(renderRecordVoicemail(ES, "uuid-2"));
    expect(es.children[1]!.attrs.transcriptionType).toBeUndefined();
    expect(es.children[1]!.attrs.transcriptionUrl).toBeUndefined();
  });
});

describe("the next opening as spoken", () => {
  const zone = "America/New_York";
  const now = new Date("2026-11-30T15:00:00Z"); // Monday 10:00
  it.each([
    ["2026-11-30T20:00:00Z", "today at 3:00 PM", "hoy a las 15:00"],
    ["2026-12-01T14:00:00Z", "tomorrow at 9:00 AM", "mañana a las 9:00"],
    ["2026-12-03T14:30:00Z", "on Thursday at 9:30 AM", "el jueves a las 9:30"],
    ["2026-12-28T14:00:00Z", "on Monday 28 December at 9:00 AM", "el lunes 28 diciembre a las 9:00"],
  ])("%s", (iso, en, es) => {
    expect(describeOpening(PROMPTS.en!, new Date(iso), now, zone)).toBe(en);
    expect(describeOpening(PROMPTS.es!, new Date(iso), now, zone)).toBe(es);
  });
});

describe("VOICEMAIL_MAX_SECONDS", () => {
  it("defaults to 120 and refuses values outside 5-3600", () => {
    expect(loadEnv({}).voicemail.maxSeconds).toBe(120);
    expect(loadEnv({ VOICEMAIL_MAX_SECONDS: "300" }).voicemail.maxSeconds).toBe(300);
    expect(() => loadEnv({ VOICEMAIL_MAX_SECONDS: "2" })).toThrow(/VOICEMAIL_MAX_SECONDS must be 5-3600/);
    expect(() => loadEnv({ VOICEMAIL_MAX_SECONDS: "ten" })).toThrow(/VOICEMAIL_MAX_SECONDS/);
    // Reconcile closes an IVR call after RECOVERY_IVR_STALE_MINUTES without a webhook (10 by default).
    expect(() => loadEnv({ VOICEMAIL_MAX_SECONDS: "600" })).toThrow(/shorter than RECOVERY_IVR_STALE_MINUTES/);
    expect(loadEnv({ VOICEMAIL_MAX_SECONDS: "1200", RECOVERY_IVR_STALE_MINUTES: "30" }).voicemail.maxSeconds).toBe(1200);
  });
});
