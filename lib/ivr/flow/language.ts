// Level 1: the answer URL and the language choice.
import { listLanguageChoices, moveCall } from "../call-store";
import { renderActionMenu, renderLanguageGoodbye, renderLanguageMenu, type Lead } from "../responses";
import { closedLineAnswer } from "./after-hours";
import { MAX_ATTEMPTS, pressed, type FlowContext, stepCall } from "./shared";

/** Answer URL: create the call (and customer), ask for the language. */
export async function startCall(ctx: FlowContext): Promise<string> {
  const { call } = await stepCall(ctx);
  const languages = await listLanguageChoices(ctx.db);
  return renderLanguageMenu(languages, call.step === "LANGUAGE" ? call.stepAttempts : 0);
}

export async function chooseLanguage(ctx: FlowContext): Promise<string> {
  const { db } = ctx;
  const { call } = await stepCall(ctx);
  const languages = await listLanguageChoices(db);
  const digits = pressed(ctx);
  const chosen = digits ? languages.find((l) => String(l.menuDigit) === digits) : undefined;
  if (!chosen) {
    const lead: Lead = digits ? "invalid" : "noinput";
    const attempts = (call.step === "LANGUAGE" ? call.stepAttempts : 0) + 1;
    const event = { type: digits ? "input.invalid" : "input.none", detail: { level: 1, digits, attempt: attempts } };
    if (attempts >= MAX_ATTEMPTS) {
      await moveCall(db, call, { step: "DONE", stepAttempts: attempts }, [event, { type: "input.max-attempts", detail: { level: 1 } }]);
      return renderLanguageGoodbye(languages);
    }
    await moveCall(db, call, { step: "LANGUAGE", stepAttempts: attempts }, [event]);
    return renderLanguageMenu(languages, attempts, lead);
  }
  const moved = await moveCall(
    db,
    call,
    { step: "MENU", status: "IN_IVR", data: { languageCode: chosen.code }, customerLanguage: chosen.code },
    [{ type: "language.selected", detail: { digits, language: chosen.code } }],
  );
  // #18: outside the language's business hours the caller hears that and a voicemail offer instead of the menu.
  return (await closedLineAnswer(ctx, moved, chosen)) ?? renderActionMenu(chosen, 0);
}
