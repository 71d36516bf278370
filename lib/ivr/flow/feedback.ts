// Level 3: the 1-4 rating after an agent call.
import { moveCall } from "../call-store";
import { promptsFor } from "../prompts";
import { renderFeedbackQuestion, renderSayAndHangup } from "../responses";
import { MAX_ATTEMPTS, callVoice, pressed, restartAtLanguage, type FlowContext, stepCall } from "./shared";

const RATINGS = ["1", "2", "3", "4"] as const;

export async function giveFeedback(ctx: FlowContext): Promise<string> {
  const { db } = ctx;
  const { call } = await stepCall(ctx);
  const voice = await callVoice(db, call);
  if (!voice) return restartAtLanguage(ctx, call, "feedback without a language");
  const p = promptsFor(voice.code);
  const digits = pressed(ctx);
  const rating = RATINGS.findIndex((r) => r === digits) + 1;
  if (rating > 0 && !call.agentId) {
    // A rating for a call that never reached an agent (a stray or forged-order webhook): nothing to rate.
    await moveCall(db, call, { step: "DONE" }, [{ type: "feedback.ignored", detail: { rating, reason: "no agent" } }]);
    return renderSayAndHangup(voice, p.goodbye);
  }
  if (rating > 0) {
    const { stored } = await ctx.routing.recordRating(db, { callId: call.id, rating });
    await moveCall(db, call, { step: "DONE" }, [{ type: "feedback.rating", detail: { rating, stored } }]);
    return renderSayAndHangup(voice, p.feedbackThanks(p.ratingLabels[rating - 1] ?? String(rating)));
  }
  if (!digits) {
    // Silence at level 3 is a choice not to rate: thank them and end the call.
    await moveCall(db, call, { step: "DONE" }, [{ type: "feedback.skipped" }]);
    return renderSayAndHangup(voice, p.goodbye);
  }
  const attempts = (call.step === "FEEDBACK" ? call.stepAttempts : 0) + 1;
  const event = { type: "input.invalid", detail: { level: 3, digits, attempt: attempts } };
  if (attempts >= MAX_ATTEMPTS) {
    await moveCall(db, call, { step: "DONE", stepAttempts: attempts }, [event, { type: "input.max-attempts", detail: { level: 3 } }]);
    return renderSayAndHangup(voice, p.goodbye);
  }
  await moveCall(db, call, { step: "FEEDBACK", stepAttempts: attempts }, [event]);
  return renderFeedbackQuestion(voice, attempts, "invalid");
}
