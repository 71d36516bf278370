// The IVR state machine: one function per webhook, each reading the call, moving it (Call.step/status + timeline
// event, one transaction) and returning the XML the caller hears next. Routing decisions belong to lib/routing.
//
//   start ─► LANGUAGE ─1/2─► MENU ─1─► MESSAGE ─► goodbye
//                              └─2─► ROUTING ─assigned─► AGENT (Dial) ─► dial-result ─feedback─► FEEDBACK ─► DONE
//                                        │                                   ├─retry─► ROUTING (next agent)
//                                        └─queued─► QUEUE ─► /ivr/queue ◄────┴─queue
//                                                      └─gave-up─► offer message (1) or goodbye
// Every level re-asks on an invalid key or silence and says goodbye after MAX_ATTEMPTS failures.
// One file per level: shared.ts (context, key press, restart), language.ts, menu.ts, agent.ts, feedback.ts, hangup.ts.
export { MAX_ATTEMPTS, type FlowContext, type RoutingPort } from "./shared";
export { chooseLanguage, startCall } from "./language";
export { chooseAction, showMenu } from "./menu";
export { dialEvent, dialResult, retryFromQueue } from "./agent";
export { giveFeedback } from "./feedback";
export { finalStatus, hangup } from "./hangup";
export { chooseAfterHours } from "./after-hours";
export { startVoicemail, voicemailDone, voicemailRecorded } from "./voicemail";
export { answerCallbackLeg, callbackLegHangup, callbackMachine } from "./callback";
