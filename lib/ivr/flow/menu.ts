// Level 2: hear a message or talk to an agent.
import type { Call } from "../../generated/prisma/client";
import { moveCall, voiceOf } from "../call-store";
import { promptsFor } from "../prompts";
import { renderActionMenu, renderMessage, renderSayAndHangup, type Voice } from "../responses";
import { routeToAgent } from "./agent";
import { MAX_ATTEMPTS, callVoice, pressed, restartAtLanguage, type FlowContext, stepCall } from "./shared";

/**
 * Level 2 question on its own (GET or POST). `lang` presets the language, e.g. an outbound call to a customer whose
 * language we already know can use /ivr/menu?lang=es as its answer URL.
 */
export async function showMenu(ctx: FlowContext, presetLanguage: string | undefined): Promise<string> {
  const { db } = ctx;
  let { call } = await stepCall(ctx);
  if (presetLanguage && !call.languageCode && (await voiceOf(db, presetLanguage))) {
    call = await moveCall(db, call, { step: "MENU", data: { languageCode: presetLanguage } }, [
      { type: "language.preset", detail: { language: presetLanguage } },
    ]);
  }
  const voice = await callVoice(db, call);
  if (!voice) return restartAtLanguage(ctx, call, "menu without a language");
  if (call.step !== "MENU") call = await moveCall(db, call, { step: "MENU", status: "IN_IVR" }, []);
  return renderActionMenu(voice, call.stepAttempts);
}

export async function chooseAction(ctx: FlowContext): Promise<string> {
  const { db } = ctx;
  const { call } = await stepCall(ctx);
  const voice = await callVoice(db, call);
  if (!voice) return restartAtLanguage(ctx, call, "action without a language");
  const digits = pressed(ctx);

  if (ctx.query.offer) {
    // After the queue gave up: 1 hears the message, anything else is a goodbye.
    if (digits === "1") return playMessage(ctx, call, voice);
    await moveCall(db, call, { step: "DONE", status: "IN_IVR" }, [{ type: "queue.offer-declined", detail: { digits } }]);
    return renderSayAndHangup(voice, promptsFor(voice.code).goodbye);
  }
  if (digits === "1") return playMessage(ctx, call, voice);
  if (digits === "2") {
    // The choice and the ROUTING step are recorded with the routing outcome's own move (#20: one write, not two);
    // the timeline reads as before: action.agent, step ROUTING, then the outcome.
    return routeToAgent(ctx, call, voice, {
      loop: 0,
      missedBefore: false,
      before: [
        { type: "action.agent", detail: { digits } },
        { type: "step", detail: { step: "ROUTING" } },
      ],
    });
  }
  const attempts = (call.step === "MENU" ? call.stepAttempts : 0) + 1;
  const event = { type: digits ? "input.invalid" : "input.none", detail: { level: 2, digits, attempt: attempts } };
  if (attempts >= MAX_ATTEMPTS) {
    await moveCall(db, call, { step: "DONE", stepAttempts: attempts }, [event, { type: "input.max-attempts", detail: { level: 2 } }]);
    return renderSayAndHangup(voice, promptsFor(voice.code).tooManyAttempts);
  }
  await moveCall(db, call, { step: "MENU", stepAttempts: attempts }, [event]);
  return renderActionMenu(voice, attempts, digits ? "invalid" : "noinput");
}

async function playMessage(ctx: FlowContext, call: Call, voice: Voice): Promise<string> {
  await moveCall(ctx.db, call, { step: "MESSAGE", status: "IN_IVR" }, [{ type: "message.played", detail: { language: voice.code } }]);
  return renderMessage(voice);
}
