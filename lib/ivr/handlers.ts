// The route handlers of every IVR webhook, so app/ files stay one line each. The route map is in README.md.
import {
  answerCallbackLeg,
  callbackLegHangup,
  callbackMachine,
  chooseAction,
  chooseAfterHours,
  chooseLanguage,
  dialEvent,
  dialResult,
  giveFeedback,
  hangup,
  retryFromQueue,
  showMenu,
  startCall,
  startVoicemail,
  voicemailDone,
  voicemailRecorded,
} from "./flow";
import { ivrRoute } from "./ivr-route";

const caller = { receipts: true, audience: "caller" } as const;

export const startHandler = ivrRoute("start", startCall, caller);
export const languageHandler = ivrRoute("language", chooseLanguage, caller);
export const menuHandler = ivrRoute("menu", (ctx, w) => showMenu(ctx, w.query.lang), caller);
export const actionHandler = ivrRoute("action", chooseAction, caller);
export const queueHandler = ivrRoute("queue", retryFromQueue, caller);
export const dialResultHandler = ivrRoute("dial-result", dialResult, caller);
export const feedbackHandler = ivrRoute("feedback", giveFeedback, caller);
// Status callbacks: Plivo ignores their body; idempotent by the call's own state, so no stored receipts.
export const dialEventsHandler = ivrRoute("dial-events", dialEvent, { receipts: false, audience: "callback" });
export const hangupHandler = ivrRoute("hangup", hangup, { receipts: false, audience: "callback" });
// #18 after hours and voicemail. /ivr/voicemail?lang=xx is the entry any step can redirect a caller to.
export const afterHoursHandler = ivrRoute("after-hours", chooseAfterHours, caller);
export const voicemailHandler = ivrRoute("voicemail", (ctx, w) => startVoicemail(ctx, w.query.lang), caller);
export const voicemailDoneHandler = ivrRoute("voicemail-done", voicemailDone, caller);
// Record callbackUrl: idempotent by the unique RecordingID, so no stored receipts.
export const voicemailRecordedHandler = ivrRoute("voicemail-recorded", voicemailRecorded, { receipts: false, audience: "callback" });
// #18 queued callback: the outbound leg's answer URL (speech, so receipts), its hangup and machine detection.
export const callbackAnswerHandler = ivrRoute("callback-answer", answerCallbackLeg, caller);
export const callbackHangupHandler = ivrRoute("callback-hangup", callbackLegHangup, { receipts: false, audience: "callback" });
export const callbackMachineHandler = ivrRoute("callback-machine", callbackMachine, { receipts: false, audience: "callback" });
