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
import { DIAL_RESULT_STEP_READ, QUEUE_STEP_READ, ROUTING_STEP_READ } from "./flow/agent";
import { HANGUP_EVENT_TYPES } from "./flow/hangup";

// `read`: the step's call comes with the webhook's first statement on PostgreSQL (step-read.ts); a routing step also
// gets routing's inputs, a hangup the events that decide its final status. Not for the callback legs (they bind the
// leg to its call before reading it).
const caller = { receipts: true, audience: "caller", read: {} } as const;
const routingCaller = { ...caller, read: ROUTING_STEP_READ } as const;
const callerNoRead = { receipts: true, audience: "caller" } as const;

// The answer URL makes its call in its first statement on PostgreSQL (step-read.ts `create`).
export const startHandler = ivrRoute("start", startCall, { ...caller, read: { create: true } });
export const languageHandler = ivrRoute("language", chooseLanguage, caller);
export const menuHandler = ivrRoute("menu", (ctx, w) => showMenu(ctx, w.query.lang), caller);
export const actionHandler = ivrRoute("action", chooseAction, routingCaller);
export const queueHandler = ivrRoute("queue", retryFromQueue, { ...caller, read: QUEUE_STEP_READ });
export const dialResultHandler = ivrRoute("dial-result", dialResult, { ...caller, read: DIAL_RESULT_STEP_READ });
export const feedbackHandler = ivrRoute("feedback", giveFeedback, caller);
// Status callbacks: Plivo ignores their body; idempotent by the call's own state, so no stored receipts.
export const dialEventsHandler = ivrRoute("dial-events", dialEvent, { receipts: false, audience: "callback", read: {} });
export const hangupHandler = ivrRoute("hangup", hangup, { receipts: false, audience: "callback", read: { eventTypes: HANGUP_EVENT_TYPES } });
// #18 after hours and voicemail. /ivr/voicemail?lang=xx is the entry any step can redirect a caller to.
export const afterHoursHandler = ivrRoute("after-hours", chooseAfterHours, caller);
export const voicemailHandler = ivrRoute("voicemail", (ctx, w) => startVoicemail(ctx, w.query.lang), caller);
export const voicemailDoneHandler = ivrRoute("voicemail-done", voicemailDone, caller);
// Record callbackUrl: idempotent by the unique RecordingID, so no stored receipts.
export const voicemailRecordedHandler = ivrRoute("voicemail-recorded", voicemailRecorded, { receipts: false, audience: "callback", read: {} });
// #18 queued callback: the outbound leg's answer URL (speech, so receipts), its hangup and machine detection.
export const callbackAnswerHandler = ivrRoute("callback-answer", answerCallbackLeg, callerNoRead);
export const callbackHangupHandler = ivrRoute("callback-hangup", callbackLegHangup, { receipts: false, audience: "callback" });
export const callbackMachineHandler = ivrRoute("callback-machine", callbackMachine, { receipts: false, audience: "callback" });
