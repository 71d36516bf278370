// The IVR state machine: one function per webhook, each reading the call, moving it (Call.step/status + timeline
// event, one transaction) and returning the XML the caller hears next. Routing decisions belong to lib/routing.
//
//   start ─► LANGUAGE ─1/2─► MENU ─1─► MESSAGE ─► goodbye
//                              └─2─► ROUTING ─assigned─► AGENT (Dial) ─► dial-result ─feedback─► FEEDBACK ─► DONE
//                                        │                                   ├─retry─► ROUTING (next agent)
//                                        └─queued─► QUEUE ─► /ivr/queue ◄────┴─queue
//                                                      └─gave-up─► offer message (1) or goodbye
// Every level re-asks on an invalid key or silence and says goodbye after MAX_ATTEMPTS failures.
import type { Db } from "../db/client";
import type { Call, CallStatus } from "../generated/prisma/client";
import type { AssignResult, DialResult, DialOutcome } from "../routing";
import { countEvents, findCall, findOrCreateCall, listLanguageChoices, moveCall, setPreferredLanguage, voiceOf } from "./call-store";
import { promptsFor } from "./prompts";
import {
  renderActionMenu,
  renderDial,
  renderFeedbackQuestion,
  renderGaveUp,
  renderGoToQueue,
  renderLanguageGoodbye,
  renderLanguageMenu,
  renderMessage,
  renderQueueHold,
  renderSayAndHangup,
  type Lead,
  type Voice,
} from "./responses";
import { dialOutcome, type IvrQuery, type PlivoCallParams } from "./webhook-params";
import { newXmlResponse } from "./plivo-xml";

export const MAX_ATTEMPTS = 3;
const RATINGS = ["1", "2", "3", "4"] as const;

/** What the flow needs from lib/routing (injected so unit tests can stand in for it). */
export type RoutingPort = {
  assignAgent(db: Db, input: { callId: string; languageCode: string }): Promise<AssignResult>;
  recordDialResult(db: Db, input: { callId: string; dialStatus: DialOutcome; talkSeconds: number }): Promise<DialResult>;
  recordRating(db: Db, input: { callId: string; rating: number }): Promise<{ stored: boolean }>;
  releaseCall(db: Db, input: { callId: string }): Promise<unknown>;
};

export type FlowContext = { db: Db; params: PlivoCallParams; query: IvrQuery; routing: RoutingPort };

function pressed(ctx: FlowContext): string | null {
  if (ctx.query.noinput) return null;
  const d = ctx.params.Digits?.trim();
  return d ? d : null;
}

async function callVoice(db: Db, call: Call): Promise<Voice | null> {
  return call.languageCode ? voiceOf(db, call.languageCode) : null;
}

/** A webhook for a call that has no language yet (or whose language was removed): start again at level 1. */
async function restartAtLanguage(ctx: FlowContext, call: Call, reason: string): Promise<string> {
  const languages = await listLanguageChoices(ctx.db);
  await moveCall(ctx.db, call, { step: "LANGUAGE", status: "IN_IVR" }, [{ type: "flow.restart", detail: { reason } }]);
  return renderLanguageMenu(languages, 0);
}

// ── Level 1 ──────────────────────────────────────────────────────────────────────────────────────────────────────

/** Answer URL: create the call (and customer), ask for the language. */
export async function startCall(ctx: FlowContext): Promise<string> {
  const { call } = await findOrCreateCall(ctx.db, ctx.params);
  const languages = await listLanguageChoices(ctx.db);
  return renderLanguageMenu(languages, call.step === "LANGUAGE" ? call.stepAttempts : 0);
}

export async function chooseLanguage(ctx: FlowContext): Promise<string> {
  const { db } = ctx;
  const { call } = await findOrCreateCall(db, ctx.params);
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
    { step: "MENU", status: "IN_IVR", data: { languageCode: chosen.code } },
    [{ type: "language.selected", detail: { digits, language: chosen.code } }],
  );
  if (moved.customerId) {
    await setPreferredLanguage(db, moved.customerId, chosen.code);
  }
  return renderActionMenu(chosen, 0);
}

// ── Level 2 ──────────────────────────────────────────────────────────────────────────────────────────────────────

/**
 * Level 2 question on its own (GET or POST). `lang` presets the language, e.g. an outbound call to a customer whose
 * language we already know can use /ivr/menu?lang=es as its answer URL.
 */
export async function showMenu(ctx: FlowContext, presetLanguage: string | undefined): Promise<string> {
  const { db } = ctx;
  let { call } = await findOrCreateCall(db, ctx.params);
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
  const { call } = await findOrCreateCall(db, ctx.params);
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
    const routing = await moveCall(db, call, { step: "ROUTING" }, [{ type: "action.agent", detail: { digits } }]);
    return routeToAgent(ctx, routing, voice, { loop: 0, missedBefore: false });
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

// ── Agent, queue, dial ───────────────────────────────────────────────────────────────────────────────────────────

function ourNumber(call: Call): string | undefined {
  const n = call.direction === "INBOUND" ? call.to : call.from;
  return n || undefined;
}

async function routeToAgent(
  ctx: FlowContext,
  call: Call,
  voice: Voice,
  opts: { loop: number; missedBefore: boolean },
): Promise<string> {
  const { db } = ctx;
  const result = await ctx.routing.assignAgent(db, { callId: call.id, languageCode: voice.code });
  if (result.kind === "assigned") {
    const dialAttempt = await countEvents(db, call.id, "dial.started");
    // lib/routing already claimed the agent and set agentId/status atomically; this records the IVR's side.
    await moveCall(db, call, { step: "AGENT", status: "CONNECTING" }, [
      { type: "routing.assigned", detail: { agentId: result.agent.id, decisionId: result.decisionId, score: result.terms.score } },
      { type: "dial.started", detail: { agentId: result.agent.id, attempt: dialAttempt } },
    ]);
    return renderDial(voice, {
      agentPhone: result.agent.phone,
      callerId: ourNumber(call),
      dialAttempt,
      missedBefore: opts.missedBefore,
    });
  }
  if (result.kind === "queued") {
    await moveCall(db, call, { step: "QUEUE", status: "QUEUED" }, [
      { type: "routing.queued", detail: { position: result.position, waitedSeconds: result.waitedSeconds, loop: opts.loop } },
    ]);
    return renderQueueHold(voice, { position: result.position, loop: opts.loop });
  }
  // Routing has already taken the caller out of the queue.
  await moveCall(db, call, { step: "MENU", status: "IN_IVR" }, [
    { type: "routing.gave-up", detail: { waitedSeconds: result.waitedSeconds } },
  ]);
  return renderGaveUp(voice);
}

/** The hold loop: try again for an agent. */
export async function retryFromQueue(ctx: FlowContext): Promise<string> {
  const { call } = await findOrCreateCall(ctx.db, ctx.params);
  const voice = await callVoice(ctx.db, call);
  if (!voice) return restartAtLanguage(ctx, call, "queue without a language");
  return routeToAgent(ctx, call, voice, { loop: ctx.query.n, missedBefore: false });
}

/** Dial callbackUrl: the agent leg's events. Marks the moment the agent answered (talk time starts). */
export async function dialEvent(ctx: FlowContext): Promise<string> {
  const { db, params } = ctx;
  const call = await findCall(db, params.CallUUID);
  const action = (params.DialAction ?? params.DialBLegStatus ?? "").toLowerCase();
  if (call && (action === "answer" || action === "connected") && !call.agentConnectedAt) {
    await moveCall(db, call, { step: "AGENT", status: "CONNECTED", data: { agentConnectedAt: new Date() } }, [
      { type: "agent.answered", detail: { bLegUuid: params.DialBLegUUID ?? null } },
    ]);
  } else if (call && action === "hangup" && !call.agentEndedAt) {
    await moveCall(db, call, { data: { agentEndedAt: new Date() } }, [{ type: "agent.hangup", detail: { bLegUuid: params.DialBLegUUID ?? null } }]);
  }
  return newXmlResponse().toXML();
}

/** Dial action: the agent leg ended. Rating, next agent, or the queue. */
export async function dialResult(ctx: FlowContext): Promise<string> {
  const { db, params } = ctx;
  const { call } = await findOrCreateCall(db, params);
  const voice = await callVoice(db, call);
  if (!voice) return restartAtLanguage(ctx, call, "dial result without a language");
  const status = dialOutcome.parse(params.DialStatus);
  const now = new Date();
  const measured = call.agentConnectedAt ? Math.round((now.getTime() - call.agentConnectedAt.getTime()) / 1000) : 0;
  const talkSeconds = params.DialBLegDuration ?? (status === "completed" ? measured : 0);
  const next = await ctx.routing.recordDialResult(db, { callId: call.id, dialStatus: status, talkSeconds });
  const event = { type: "dial.result", detail: { status, next: next.next, talkSeconds, hangupCause: params.DialHangupCause ?? null } };

  if (next.next === "feedback") {
    await moveCall(
      db,
      call,
      {
        step: "FEEDBACK",
        status: "IN_IVR",
        data: {
          agentConnectedAt: call.agentConnectedAt ?? new Date(now.getTime() - next.talkSeconds * 1000),
          agentEndedAt: call.agentEndedAt ?? now,
          agentTalkSeconds: next.talkSeconds,
        },
      },
      [event],
    );
    return renderFeedbackQuestion(voice, 0);
  }
  if (next.next === "ended") {
    // The caller is gone (Dial cancel): nothing to say; the hangup callback closes the call.
    await moveCall(db, call, { step: "DONE", data: { agentConnectedAt: null, agentEndedAt: null } }, [event]);
    const r = newXmlResponse();
    r.addHangup();
    return r.toXML();
  }
  if (next.next === "retry") {
    const moved = await moveCall(db, call, { step: "ROUTING", status: "IN_IVR", data: { agentConnectedAt: null, agentEndedAt: null } }, [event]);
    return routeToAgent(ctx, moved, voice, { loop: 0, missedBefore: true });
  }
  await moveCall(db, call, { step: "QUEUE", status: "QUEUED" }, [event]);
  return renderGoToQueue(0);
}

// ── Level 3 ──────────────────────────────────────────────────────────────────────────────────────────────────────

export async function giveFeedback(ctx: FlowContext): Promise<string> {
  const { db } = ctx;
  const { call } = await findOrCreateCall(db, ctx.params);
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

// ── Hangup ───────────────────────────────────────────────────────────────────────────────────────────────────────

const NOT_ANSWERED = new Set(["busy", "failed", "no-answer", "timeout", "cancel", "canceled", "cancelled"]);

/** Final status: COMPLETED if the caller got what they came for, FAILED if never answered, else ABANDONED. */
export function finalStatus(call: Call, input: { callStatus: string | undefined; heardMessage: boolean }): CallStatus {
  if (call.agentConnectedAt || input.heardMessage) return "COMPLETED";
  if (NOT_ANSWERED.has((input.callStatus ?? "").toLowerCase()) || !call.answeredAt) return "FAILED";
  return "ABANDONED";
}

/** Hangup URL: close the record, release whatever routing still holds. Idempotent: a second delivery changes nothing. */
export async function hangup(ctx: FlowContext): Promise<string> {
  const { db, params } = ctx;
  const { call } = await findOrCreateCall(db, params, { answered: false });
  if (!call.endedAt) {
    const heardMessage = (await countEvents(db, call.id, "message.played")) > 0;
    const status = finalStatus(call, { callStatus: params.CallStatus, heardMessage });
    const endedAt = new Date();
    await moveCall(
      db,
      call,
      {
        status,
        data: {
          endedAt,
          duration: params.Duration ?? Math.max(0, Math.round((endedAt.getTime() - call.startedAt.getTime()) / 1000)),
          hangupCause: params.HangupCause ?? null,
          ...(call.agentConnectedAt && !call.agentEndedAt ? { agentEndedAt: endedAt } : {}),
        },
      },
      [{ type: "call.ended", detail: { status, step: call.step, duration: params.Duration ?? null, cause: params.HangupCause ?? null } }],
    );
  }
  // Also on a repeat: releasing is idempotent and frees an agent a failed first attempt may have left held.
  await ctx.routing.releaseCall(db, { callId: call.id });
  return newXmlResponse().toXML();
}
