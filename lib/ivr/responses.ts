// Pure renderers: one function per thing the caller can hear, returning Plivo XML built with the SDK. No database
// here; the flow decides which to render. Every GetDigits is followed by a fallback Redirect carrying noinput=1,
// because on silence Plivo simply moves on to the next element.
import { HOLD_MUSIC, INVALID_AUDIO, INVALID_AUDIO_ALL_LANGUAGES, MESSAGE_AUDIO } from "./audio";
import { ivrUrl, publicAssetUrl } from "./ivr-url";
import { newXmlResponse, type XmlContainer } from "./plivo-xml";
import type { SpokenWait } from "../routing/wait-estimate";
import { FALLBACK_VOICES, promptsFor, type Prompts } from "./prompts";

/** How a language is spoken: its code (prompt key), Plivo locale and voice, from the Language table. */
export type Voice = { code: string; locale: string; voice: string };
/** A level 1 choice. */
export type LanguageChoice = Voice & { menuDigit: number };
/** What precedes a re-asked question. */
export type Lead = "invalid" | "noinput" | undefined;

export const DIGIT_TIMEOUT_SECONDS = 6;
export const DIAL_RING_SECONDS = 20;

function say(into: XmlContainer, v: Voice, text: string) {
  into.addSpeak(text, { language: v.locale, voice: v.voice });
}

function leadText(p: Prompts, lead: Lead): string | null {
  if (lead === "invalid") return p.invalidOption;
  if (lead === "noinput") return p.noInput;
  return null;
}

/** Level 1: the bilingual (multilingual) greeting. `attempt` keys the webhook for idempotency. */
export function renderLanguageMenu(languages: LanguageChoice[], attempt: number, lead?: Lead): string {
  const r = newXmlResponse();
  const g = r.addGetDigits({
    action: ivrUrl("/ivr/language", { a: attempt }),
    method: "POST",
    timeout: DIGIT_TIMEOUT_SECONDS,
    numDigits: 1,
    retries: 1,
    validDigits: languages.map((l) => l.menuDigit).join(""),
    invalidDigitsSound: publicAssetUrl(INVALID_AUDIO_ALL_LANGUAGES),
  });
  for (const l of languages) {
    const text = leadText(promptsFor(l.code), lead);
    if (text) say(g, l, text);
  }
  for (const l of languages) say(g, l, promptsFor(l.code).languageOption(l.menuDigit));
  r.addRedirect(ivrUrl("/ivr/language", { a: attempt, noinput: 1 }), { method: "POST" });
  return r.toXML();
}

/** Level 1 gave up: a goodbye in every language, then hang up. */
export function renderLanguageGoodbye(languages: Voice[]): string {
  const r = newXmlResponse();
  for (const l of languages) say(r, l, promptsFor(l.code).tooManyAttempts);
  r.addHangup();
  return r.toXML();
}

/**
 * `validDigits` lets Plivo reject a wrong key itself (its recorded "not a valid option", then the no-input
 * fallback). Without it every key reaches us: level 3 needs that, because there a wrong key must be asked again
 * while silence ends the call, and Plivo's fallback cannot tell the two apart.
 */
function digitsMenu(v: Voice, opts: { path: "/ivr/action" | "/ivr/feedback"; attempt: number; lead: Lead; question: string; validDigits?: string }) {
  const p = promptsFor(v.code);
  const r = newXmlResponse();
  const audio = INVALID_AUDIO[v.code];
  const g = r.addGetDigits({
    action: ivrUrl(opts.path, { a: opts.attempt }),
    method: "POST",
    timeout: DIGIT_TIMEOUT_SECONDS,
    numDigits: 1,
    retries: 1,
    ...(opts.validDigits ? { validDigits: opts.validDigits, ...(audio ? { invalidDigitsSound: publicAssetUrl(audio) } : {}) } : {}),
  });
  const text = leadText(p, opts.lead);
  if (text) say(g, v, text);
  say(g, v, opts.question);
  r.addRedirect(ivrUrl(opts.path, { a: opts.attempt, noinput: 1 }), { method: "POST" });
  return r.toXML();
}

/** Level 2: 1 message, 2 agent. */
export function renderActionMenu(v: Voice, attempt: number, lead?: Lead): string {
  return digitsMenu(v, { path: "/ivr/action", attempt, lead, question: promptsFor(v.code).actionMenu, validDigits: "12" });
}

/** Level 3: 1 poor .. 4 excellent. */
export function renderFeedbackQuestion(v: Voice, attempt: number, lead?: Lead): string {
  return digitsMenu(v, { path: "/ivr/feedback", attempt, lead, question: promptsFor(v.code).feedbackQuestion });
}

/** Say something, then hang up: goodbyes, the too-many-attempts line, the thanks after a rating. */
export function renderSayAndHangup(v: Voice, text: string): string {
  const r = newXmlResponse();
  say(r, v, text);
  r.addHangup();
  return r.toXML();
}

/** Option 1: the recorded message (Speak only if the language has no file), a goodbye, hang up. No rating. */
export function renderMessage(v: Voice): string {
  const p = promptsFor(v.code);
  const r = newXmlResponse();
  const audio = MESSAGE_AUDIO[v.code];
  if (audio) r.addPlay(publicAssetUrl(audio));
  else say(r, v, p.message);
  say(r, v, p.goodbye);
  r.addHangup();
  return r.toXML();
}

type AgentDial = { agentPhone: string; callerId: string | undefined; dialAttempt: number };

/** Say `lead`, then ring the claimed agent; the dial result continues the call. */
function sayAndDialAgent(v: Voice, lead: string, opts: AgentDial): string {
  const r = newXmlResponse();
  say(r, v, lead);
  const d = r.addDial({
    action: ivrUrl("/ivr/dial-result", { d: opts.dialAttempt }),
    method: "POST",
    timeout: DIAL_RING_SECONDS,
    ...(opts.callerId ? { callerId: opts.callerId } : {}),
    callbackUrl: ivrUrl("/ivr/dial-events", { d: opts.dialAttempt }),
    callbackMethod: "POST",
  });
  d.addNumber(opts.agentPhone);
  return r.toXML();
}

/** Option 2, an agent was claimed: ring their phone; the dial result continues the call. */
export function renderDial(v: Voice, opts: AgentDial & { missedBefore: boolean }): string {
  const p = promptsFor(v.code);
  return sayAndDialAgent(v, opts.missedBefore ? p.agentMissed : p.connecting, opts);
}

/** The key that asks for a queued callback while holding (#18). */
export const CALLBACK_KEY = "1";
/** The hold loop's key for leaving a voicemail instead of waiting (#18). */
export const VOICEMAIL_KEY = "2";

/**
 * Option 2, every agent busy: the caller's position and estimated wait (#18), the callback offer, hold music, then
 * try again from the queue route. All of it inside a GetDigits without validDigits, so any key reaches the queue
 * route (1: callback; 2: voicemail; anything else: "not a valid option" and the hold goes on); silence falls through to the
 * Redirect, the next poll. The action and the Redirect carry the same loop number: the key press is in Digits.
 */
export function renderQueueHold(
  v: Voice,
  opts: { position: number; loop: number; estimate?: SpokenWait | null; lead?: string; offerCallback?: boolean },
): string {
  const p = promptsFor(v.code);
  const r = newXmlResponse();
  const next = ivrUrl("/ivr/queue", { n: opts.loop + 1 });
  const g = r.addGetDigits({ action: next, method: "POST", timeout: 1, numDigits: 1, retries: 1 });
  if (opts.lead) say(g, v, opts.lead);
  say(g, v, opts.loop === 0 ? p.allBusy(opts.position) : p.stillWaiting(opts.position));
  if (opts.estimate) say(g, v, p.estimatedWait(opts.estimate));
  if (opts.offerCallback !== false) {
    say(g, v, p.callbackOffer(CALLBACK_KEY));
    say(g, v, p.voicemailFromQueueOffer(VOICEMAIL_KEY));
  }
  g.addPlay(publicAssetUrl(HOLD_MUSIC));
  r.addRedirect(next, { method: "POST" });
  return r.toXML();
}

/** The callback leg was answered (#18): say who is calling, then ring the claimed agent as renderDial does. */
export function renderCallbackDial(v: Voice, opts: AgentDial): string {
  return sayAndDialAgent(v, promptsFor(v.code).callbackIntro, opts);
}

/** Straight to the queue route (after the maximum missed dials), which announces the position. */
export function renderGoToQueue(loop: number): string {
  const r = newXmlResponse();
  r.addRedirect(ivrUrl("/ivr/queue", { n: loop }), { method: "POST" });
  return r.toXML();
}

/** Waited too long: offer the message (press 1); silence or anything else is a polite goodbye. */
export function renderGaveUp(v: Voice): string {
  const p = promptsFor(v.code);
  const r = newXmlResponse();
  const g = r.addGetDigits({
    action: ivrUrl("/ivr/action", { offer: 1 }),
    method: "POST",
    timeout: DIGIT_TIMEOUT_SECONDS,
    numDigits: 1,
    retries: 1,
    validDigits: "1",
  });
  say(g, v, p.gaveUp);
  say(r, v, p.goodbye);
  r.addHangup();
  return r.toXML();
}

/** Unexpected error: apologise in the caller's language (or every language we ship prompts for) and hang up. */
export function renderApology(v?: Voice): string {
  const r = newXmlResponse();
  const voices = v ? [v] : FALLBACK_VOICES;
  for (const fv of voices) say(r, fv, promptsFor(fv.code).apology);
  r.addHangup();
  return r.toXML();
}

/** How many times a step is retried (busy database, a delivery still being answered) before the apology. */
export const MAX_STEP_RETRIES = 2;

/**
 * The step could not be answered yet: say so (never silence), then ask the same URL again. Plivo's Redirect carries
 * no Digits, so the key the caller pressed travels in the URL (`rd`), with the retry count (`rt`). Voiceless (no
 * language known) it speaks in every language.
 */
export function renderRetryShortly(v: Voice | undefined, url: string, input: { digits: string | undefined; retry: number }): string {
  const r = newXmlResponse();
  for (const fv of v ? [v] : FALLBACK_VOICES) say(r, fv, promptsFor(fv.code).oneMoment);
  r.addWait({ length: 1 });
  const u = new URL(url);
  u.searchParams.set("rt", String(input.retry));
  if (input.digits) u.searchParams.set("rd", input.digits);
  else u.searchParams.delete("rd");
  r.addRedirect(u.toString(), { method: "POST" });
  return r.toXML();
}
