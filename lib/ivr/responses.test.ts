// Renders every IVR response (each level, each language, each error branch) and checks what Plivo would execute:
// element order, GetDigits attributes, the fallback after GetDigits, and the language/voice of every Speak.
import { statSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { HOLD_MUSIC, INVALID_AUDIO, INVALID_AUDIO_ALL_LANGUAGES, MESSAGE_AUDIO } from "./audio";
import { PROMPTS } from "./prompts";
import {
  renderActionMenu,
  renderApology,
  renderDial,
  renderFeedbackQuestion,
  renderGaveUp,
  renderGoToQueue,
  renderLanguageGoodbye,
  renderLanguageMenu,
  renderMessage,
  renderQueueHold,
  renderRetryShortly,
  renderSayAndHangup,
  type LanguageChoice,
  type Voice,
} from "./responses";
import { elementNames, parseXml, type XmlNode } from "../../tests/support/xml-tree";

const BASE = process.env.PUBLIC_BASE_URL ?? "http://localhost:3000";
const EN: LanguageChoice = { code: "en", locale: "en-US", voice: "WOMAN", menuDigit: 1 };
const ES: LanguageChoice = { code: "es", locale: "es-US", voice: "WOMAN", menuDigit: 2 };
const VOICES: Voice[] = [EN, ES];

function child(node: XmlNode, index: number): XmlNode {
  const c = node.children[index];
  if (!c) throw new Error(`no child ${index} in ${node.name}: ${elementNames(node).join(",")}`);
  return c;
}

function speaks(node: XmlNode): Array<{ text: string; language: string | undefined; voice: string | undefined }> {
  const own = node.name === "Speak" ? [{ text: node.text, language: node.attrs.language, voice: node.attrs.voice }] : [];
  return [...own, ...node.children.flatMap(speaks)];
}

function expectMenu(xml: string, opts: { action: string; validDigits: string | undefined; invalidSound?: string }) {
  const root = parseXml(xml);
  expect(root.name).toBe("Response");
  expect(root.children.map((c) => c.name)).toEqual(["GetDigits", "Redirect"]);
  const g = child(root, 0);
  expect(g.attrs).toMatchObject({ action: opts.action, method: "POST", numDigits: "1", timeout: "6" });
  expect(g.attrs.validDigits).toBe(opts.validDigits);
  if (opts.invalidSound) expect(g.attrs.invalidDigitsSound).toBe(opts.invalidSound);
  expect(g.children.every((c) => c.name === "Speak")).toBe(true);
  // Silence: Plivo moves on to the next element, which must come back to us marked as no input.
  const fallback = child(root, 1);
  const url = new URL(fallback.text);
  expect(`${url.origin}${url.pathname}`).toBe(opts.action.split("?")[0]);
  expect(url.searchParams.get("noinput")).toBe("1");
  expect(fallback.attrs.method).toBe("POST");
  return { root, getDigits: g };
}

describe("level 1, language", () => {
  it("asks in every language, each line in its own voice, one key from the Language table's digits", () => {
    const { getDigits } = expectMenu(renderLanguageMenu([EN, ES], 0), {
      action: `${BASE}/ivr/language?a=0`,
      validDigits: "12",
      invalidSound: `${BASE}${INVALID_AUDIO_ALL_LANGUAGES}`,
    });
    expect(speaks(getDigits)).toEqual([
      { text: "For English, press 1.", language: "en-US", voice: "WOMAN" },
      { text: "Para español, oprima 2.", language: "es-US", voice: "WOMAN" },
    ]);
  });

  it.each([
    ["invalid", PROMPTS.en!.invalidOption, PROMPTS.es!.invalidOption],
    ["noinput", PROMPTS.en!.noInput, PROMPTS.es!.noInput],
  ] as const)("after %s says why in both languages, then asks again with the next attempt number", (lead, en, es) => {
    const { getDigits } = expectMenu(renderLanguageMenu([EN, ES], 2, lead), { action: `${BASE}/ivr/language?a=2`, validDigits: "12" });
    expect(speaks(getDigits).map((s) => s.text)).toEqual([en, es, "For English, press 1.", "Para español, oprima 2."]);
    expect(speaks(getDigits).map((s) => s.language)).toEqual(["en-US", "es-US", "en-US", "es-US"]);
  });

  it("a third language is a data row: its digit becomes valid and it is offered in its own locale", () => {
    const fr: LanguageChoice = { code: "fr", locale: "fr-FR", voice: "MAN", menuDigit: 3 };
    const { getDigits } = expectMenu(renderLanguageMenu([EN, ES, fr], 0), { action: `${BASE}/ivr/language?a=0`, validDigits: "123" });
    // No French prompt text yet: the English line is spoken by the French voice rather than failing.
    expect(speaks(getDigits)[2]).toEqual({ text: "For English, press 3.", language: "fr-FR", voice: "MAN" });
  });

  it("after three failures says goodbye in both languages and hangs up", () => {
    const root = parseXml(renderLanguageGoodbye(VOICES));
    expect(elementNames(root)).toEqual(["Response", "Speak", "Speak", "Hangup"]);
    expect(speaks(root)).toEqual([
      { text: PROMPTS.en!.tooManyAttempts, language: "en-US", voice: "WOMAN" },
      { text: PROMPTS.es!.tooManyAttempts, language: "es-US", voice: "WOMAN" },
    ]);
  });
});

describe.each(VOICES)("in $code", (v) => {
  const p = PROMPTS[v.code]!;

  it("level 2 offers message (1) or agent (2) in the chosen language", () => {
    const { getDigits } = expectMenu(renderActionMenu(v, 0), {
      action: `${BASE}/ivr/action?a=0`,
      validDigits: "12",
      invalidSound: `${BASE}${INVALID_AUDIO[v.code]}`,
    });
    expect(speaks(getDigits)).toEqual([{ text: p.actionMenu, language: v.locale, voice: v.voice }]);
  });

  it.each(["invalid", "noinput"] as const)("level 2 after %s explains and asks the same question", (lead) => {
    const { getDigits } = expectMenu(renderActionMenu(v, 1, lead), { action: `${BASE}/ivr/action?a=1`, validDigits: "12" });
    expect(speaks(getDigits).map((s) => s.text)).toEqual([lead === "invalid" ? p.invalidOption : p.noInput, p.actionMenu]);
  });

  it("level 3 asks for a 1-4 rating in the chosen language, and re-asks after an invalid key", () => {
    // No validDigits: a wrong key must reach the server (asked again) while silence ends the call without a rating.
    const first = expectMenu(renderFeedbackQuestion(v, 0), { action: `${BASE}/ivr/feedback?a=0`, validDigits: undefined });
    expect(first.getDigits.attrs.invalidDigitsSound).toBeUndefined();
    expect(speaks(first.getDigits)).toEqual([{ text: p.feedbackQuestion, language: v.locale, voice: v.voice }]);
    const again = expectMenu(renderFeedbackQuestion(v, 2, "invalid"), { action: `${BASE}/ivr/feedback?a=2`, validDigits: undefined });
    expect(speaks(again.getDigits).map((s) => s.text)).toEqual([p.invalidOption, p.feedbackQuestion]);
  });

  it("the message plays the recorded file, then a goodbye, then hangs up (no rating)", () => {
    const root = parseXml(renderMessage(v));
    expect(elementNames(root)).toEqual(["Response", "Play", "Speak", "Hangup"]);
    expect(child(root, 0).text).toBe(`${BASE}${MESSAGE_AUDIO[v.code]}`);
    expect(speaks(root)).toEqual([{ text: p.goodbye, language: v.locale, voice: v.voice }]);
  });

  it("connecting to an agent: a short line, then Dial with the result route, ring timeout, caller id and events", () => {
    const root = parseXml(renderDial(v, { agentPhone: "+14155550101", callerId: "+14155550000", dialAttempt: 1, missedBefore: false }));
    expect(elementNames(root)).toEqual(["Response", "Speak", "Dial", "Number"]);
    expect(speaks(root)).toEqual([{ text: p.connecting, language: v.locale, voice: v.voice }]);
    const dial = child(root, 1);
    expect(dial.attrs).toEqual({
      action: `${BASE}/ivr/dial-result?d=1`,
      method: "POST",
      timeout: "20",
      callerId: "+14155550000",
      callbackUrl: `${BASE}/ivr/dial-events?d=1`,
      callbackMethod: "POST",
    });
    expect(child(dial, 0).text).toBe("+14155550101");
    const retry = parseXml(renderDial(v, { agentPhone: "+14155550102", callerId: undefined, dialAttempt: 2, missedBefore: true }));
    expect(speaks(retry)[0]?.text).toBe(p.agentMissed);
    expect(child(retry, 1).attrs.callerId).toBeUndefined();
  });

  it("all agents busy: position, hold music, then back to the queue route with the next loop number", () => {
    const first = parseXml(renderQueueHold(v, { position: 3, loop: 0, estimate: { kind: "minutes", minutes: 3 } }));
    // #18: everything said and played inside one GetDigits (any key reaches the queue route), then the next poll.
    expect(elementNames(first)).toEqual(["Response", "GetDigits", "Speak", "Speak", "Speak", "Speak", "Play", "Redirect"]);
    expect(speaks(first)).toEqual([
      { text: p.allBusy(3), language: v.locale, voice: v.voice },
      { text: p.estimatedWait({ kind: "minutes", minutes: 3 }), language: v.locale, voice: v.voice },
      { text: p.callbackOffer("1"), language: v.locale, voice: v.voice },
      { text: p.voicemailFromQueueOffer("2"), language: v.locale, voice: v.voice },
    ]);
    expect(speaks(first)[0]?.text).toContain("3");
    const g = child(first, 0);
    expect(g.attrs).toMatchObject({ action: `${BASE}/ivr/queue?n=1`, numDigits: "1" });
    expect(g.attrs.validDigits).toBeUndefined();
    expect(g.children.at(-1)?.text).toBe(`${BASE}${HOLD_MUSIC}`);
    expect(child(first, 1).text).toBe(`${BASE}/ivr/queue?n=1`);
    const later = parseXml(renderQueueHold(v, { position: 1, loop: 4, estimate: null, offerCallback: false, lead: p.invalidOption }));
    expect(speaks(later).map((s) => s.text)).toEqual([p.invalidOption, p.stillWaiting(1)]);
    expect(child(later, 1).text).toBe(`${BASE}/ivr/queue?n=5`);
  });

  it("estimated wait in words: under a minute, whole minutes, capped", () => {
    expect(p.estimatedWait({ kind: "under-a-minute" })).toMatch(/minut/);
    expect(p.estimatedWait({ kind: "minutes", minutes: 1 })).toContain("1");
    expect(p.estimatedWait({ kind: "minutes", minutes: 7 })).toContain("7");
    expect(p.estimatedWait({ kind: "over", minutes: 30 })).toContain("30");
  });

  it("gave up waiting: offers the message on 1, otherwise a goodbye and hangup", () => {
    const root = parseXml(renderGaveUp(v));
    expect(elementNames(root)).toEqual(["Response", "GetDigits", "Speak", "Speak", "Hangup"]);
    expect(child(root, 0).attrs).toMatchObject({ action: `${BASE}/ivr/action?offer=1`, numDigits: "1", validDigits: "1" });
    expect(speaks(root).map((s) => s.text)).toEqual([p.gaveUp, p.goodbye]);
    expect(speaks(root).every((s) => s.language === v.locale)).toBe(true);
  });

  it("thanks after a rating and hangs up", () => {
    const root = parseXml(renderSayAndHangup(v, p.feedbackThanks(p.ratingLabels[3])));
    expect(elementNames(root)).toEqual(["Response", "Speak", "Hangup"]);
    expect(speaks(root)[0]).toEqual({ text: p.feedbackThanks(p.ratingLabels[3]), language: v.locale, voice: v.voice });
  });

  it("an unexpected error apologises in the caller's language and hangs up", () => {
    const root = parseXml(renderApology(v));
    expect(elementNames(root)).toEqual(["Response", "Speak", "Hangup"]);
    expect(speaks(root)[0]).toEqual({ text: p.apology, language: v.locale, voice: v.voice });
  });
});

describe("fallbacks and plumbing", () => {
  it("a language without a recorded message speaks the text instead", () => {
    const root = parseXml(renderMessage({ code: "fr", locale: "fr-FR", voice: "WOMAN" }));
    expect(elementNames(root)).toEqual(["Response", "Speak", "Speak", "Hangup"]);
    expect(speaks(root)[0]).toEqual({ text: PROMPTS.en!.message, language: "fr-FR", voice: "WOMAN" });
  });

  it("an apology with no known language is spoken in every shipped language", () => {
    const root = parseXml(renderApology());
    expect(speaks(root).map((s) => s.language)).toEqual(["en-US", "es-US"]);
    expect(root.children.at(-1)?.name).toBe("Hangup");
  });

  it("the queue jump is a bare redirect; a step not answered yet speaks, then retries carrying the key press", () => {
    expect(elementNames(parseXml(renderGoToQueue(0)))).toEqual(["Response", "Redirect"]);
    const es = { code: "es", locale: "es-US", voice: "WOMAN" };
    const wait = parseXml(renderRetryShortly(es, `${BASE}/ivr/action?a=1`, { digits: "2", retry: 1 }));
    expect(elementNames(wait)).toEqual(["Response", "Speak", "Wait", "Redirect"]);
    expect(speaks(wait)[0]).toMatchObject({ text: PROMPTS.es!.oneMoment, language: "es-US" });
    const next = new URL(child(wait, 2).text);
    expect(Object.fromEntries(next.searchParams)).toEqual({ a: "1", rt: "1", rd: "2" });
    // Without a known language it speaks in every shipped one.
    expect(speaks(parseXml(renderRetryShortly(undefined, `${BASE}/ivr/menu`, { digits: undefined, retry: 2 }))).map((s) => s.language)).toEqual(["en-US", "es-US"]);
  });

  it("every audio file the XML references exists under public/ and stays small", () => {
    const files = [...Object.values(MESSAGE_AUDIO), ...Object.values(INVALID_AUDIO), INVALID_AUDIO_ALL_LANGUAGES, HOLD_MUSIC];
    for (const f of files) {
      const size = statSync(resolve(import.meta.dirname, "../../public", `.${f}`)).size;
      expect(size, f).toBeGreaterThan(1000);
      expect(size, f).toBeLessThan(150_000);
    }
  });
});
