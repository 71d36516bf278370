// #18: after the language choice, a closed line says so in the caller's language, with the next opening in the
// call centre's zone, and offers voicemail: 1 records a message, silence says goodbye, a wrong key asks again
// (MAX_ATTEMPTS). Why voicemail rather than a callback at opening time: README "After hours and voicemail".
import { DateTime } from "luxon";
import type { Call } from "../../generated/prisma/client";
import { callCentreZone } from "../../dashboard/time";
import { cachedSchedule } from "../../hours/load-schedule";
import { isOpen, nextOpening } from "../../hours/schedule";
import { moveCall } from "../call-store";
import { promptsFor, type Prompts } from "../prompts";
import { renderSayAndHangup, type Voice } from "../responses";
import { renderAfterHoursOffer } from "../voicemail-responses";
import { MAX_ATTEMPTS, callVoice, pressed, restartAtLanguage, type FlowContext, stepCall } from "./shared";
import { recordVoicemail } from "./voicemail";

/** "tomorrow at 9:00 AM", "el lunes a las 9:00": the next opening as the caller hears it. */
export function describeOpening(p: Prompts, opening: Date, now: Date, zone: string): string {
  const o = DateTime.fromJSDate(opening, { zone }).setLocale(p.timeLocale);
  const days = Math.round(o.startOf("day").diff(DateTime.fromJSDate(now, { zone }).startOf("day"), "days").days);
  const day =
    days <= 0 ? p.openingDay.today : days === 1 ? p.openingDay.tomorrow : p.openingDay.weekday(o.toFormat(days < 7 ? "cccc" : "cccc d MMMM"));
  return p.openingAt(day, o.toFormat(p.timeFormat));
}

/**
 * Called by chooseLanguage once the language is known: null when the line is open (the menu follows as before),
 * else the closed-line answer. No hours configured for the language means open 24/7.
 */
export async function closedLineAnswer(ctx: FlowContext, call: Call, voice: Voice, now = new Date()): Promise<string | null> {
  const zone = callCentreZone();
  const schedule = await cachedSchedule(ctx.db, voice.code, zone, now);
  if (isOpen(schedule, now, zone)) return null;
  const opening = nextOpening(schedule, now, zone);
  const p = promptsFor(voice.code);
  await moveCall(ctx.db, call, { step: "AFTER_HOURS", status: "IN_IVR", data: { outsideHours: true } }, [
    { type: "hours.closed", detail: { language: voice.code, nextOpening: opening?.toISOString() ?? null, zone } },
  ]);
  return renderAfterHoursOffer(voice, { closedText: p.closedNow(opening ? describeOpening(p, opening, now, zone) : null), attempt: 0 });
}

/** The offer's GetDigits action (and its no-input fallback). */
export async function chooseAfterHours(ctx: FlowContext): Promise<string> {
  const { db } = ctx;
  const { call } = await stepCall(ctx);
  const voice = await callVoice(db, call);
  if (!voice) return restartAtLanguage(ctx, call, "after hours without a language");
  const p = promptsFor(voice.code);
  const digits = pressed(ctx);
  if (digits === "1") return recordVoicemail(ctx, call, voice, "after-hours");
  if (!digits) {
    await moveCall(db, call, { step: "DONE" }, [{ type: "voicemail.declined", detail: { digits: null } }]);
    return renderSayAndHangup(voice, p.goodbye);
  }
  const attempts = (call.step === "AFTER_HOURS" ? call.stepAttempts : 0) + 1;
  const event = { type: "input.invalid", detail: { level: "after-hours", digits, attempt: attempts } };
  if (attempts >= MAX_ATTEMPTS) {
    await moveCall(db, call, { step: "DONE", stepAttempts: attempts }, [event, { type: "input.max-attempts", detail: { level: "after-hours" } }]);
    return renderSayAndHangup(voice, p.tooManyAttempts);
  }
  await moveCall(db, call, { step: "AFTER_HOURS", stepAttempts: attempts }, [event]);
  return renderAfterHoursOffer(voice, { closedText: null, attempt: attempts, lead: "invalid" });
}
