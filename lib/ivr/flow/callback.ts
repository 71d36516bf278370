// #18 queued callback, the IVR's side: a key pressed while holding (1 asks for a callback, anything else re-prompts
// and the hold goes on), and the outbound leg's webhooks (answer: greet and ring the claimed agent; hangup: settle
// the attempt; machine detection: note the machine). Routing's side is lib/routing/callbacks/.
import { z } from "zod";
import type { Db } from "../../db/client";
import { direct } from "../../db/direct";
import { isUniqueViolation } from "../../db/sql";
import type { Call } from "../../generated/prisma/client";
import { requestCallback } from "../../routing/callbacks/request-callback";
import { callbackConfig } from "../../routing/callbacks/request-callback";
import { markLegAnswered, settleEndedLeg } from "../../routing/callbacks/settle-callback";
import { checkDestination } from "../../telephony/outbound-policy";
import { countEvents, findCall, findOrCreateCall, isEnded, moveCall } from "../call-store";
import { triggerCallbackDispatch } from "../callback-dispatch";
import { newXmlResponse } from "../plivo-xml";
import { promptsFor } from "../prompts";
import { CALLBACK_KEY, VOICEMAIL_KEY, renderCallbackDial, renderSayAndHangup, type Voice } from "../responses";
import { routeToAgent } from "./agent";
import { hangup } from "./hangup";
import { recordVoicemail } from "./voicemail";
import { callVoice, restartAtLanguage, type FlowContext } from "./shared";

/** The customer's number on this call. */
export function customerPhone(call: Pick<Call, "direction" | "from" | "to">): string {
  return call.direction === "INBOUND" ? call.from : call.to;
}

/** A key pressed in the hold loop. */
export async function holdKey(ctx: FlowContext, call: Call, voice: Voice, digits: string): Promise<string> {
  const p = promptsFor(voice.code);
  const loop = ctx.query.n;
  if (digits === CALLBACK_KEY && !call.callbackId) return askForCallback(ctx, call, voice);
  // A message instead of waiting: out of the queue (the recording step is not QUEUED) and on to the beep.
  if (digits === VOICEMAIL_KEY) return recordVoicemail(ctx, call, voice, "queue");
  await moveCall(ctx.db, call, {}, [{ type: "input.invalid", detail: { level: "queue", digits } }]);
  return routeToAgent(ctx, call, voice, { loop, missedBefore: false, lead: p.invalidOption });
}

async function askForCallback(ctx: FlowContext, call: Call, voice: Voice): Promise<string> {
  const { db } = ctx;
  const p = promptsFor(voice.code);
  const loop = ctx.query.n;
  // Routed (or hung up) meanwhile: nothing to call back; the hold loop answers with what the call holds now.
  if (call.status !== "QUEUED" || !call.queuedAt || call.agentId) return routeToAgent(ctx, call, voice, { loop, missedBefore: false });
  // The same toll-fraud rules as every call we place, checked now: a refused number is told at once, nothing stored.
  const destination = checkDestination(customerPhone(call));
  if (!destination.allowed) {
    await moveCall(db, call, {}, [{ type: "callback.refused", detail: { reason: destination.reason } }]);
    return routeToAgent(ctx, call, voice, { loop, missedBefore: false, lead: p.callbackRefused, offerCallback: false });
  }
  const { callback, merged } = await requestCallback(db, {
    originCallId: call.id,
    phone: destination.number,
    languageCode: voice.code,
    placeAt: call.placeAt ?? call.queuedAt, // its place in line, priority boost (#19) included
  });
  // Out of the live queue (the callback stands in it now, at the same place) and done with the IVR.
  await moveCall(db, call, { step: "DONE", status: "IN_IVR" }, [
    { type: "callback.requested", detail: { callbackId: callback.id, merged, placeAt: callback.placeAt } },
  ]);
  triggerCallbackDispatch(db);
  return renderSayAndHangup(voice, merged ? p.callbackMerged : p.callbackConfirmed);
}

const legQuery = z.object({ leg: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) });

/**
 * The leg's answer/hangup/machine URLs carry its Call id (signed with the URL), because Plivo may answer before
 * calls.create has returned the request UUID we would otherwise find the row by. Binding is conditional on the
 * placeholder CallUUID, so it happens once; `answered` also stamps answeredAt.
 */
async function bindLeg(db: Db, query: Record<string, string>, callUuid: string, answered: boolean): Promise<string | null> {
  const parsed = legQuery.safeParse(query);
  if (!parsed.success) return null;
  const now = new Date();
  try {
    if (answered) {
      await direct(db).$executeRaw`
        UPDATE "Call" SET "callUuid" = ${callUuid}, "answeredAt" = COALESCE("answeredAt", ${now}), "lastSeenAt" = ${now}, "updatedAt" = ${now}
        WHERE "id" = ${parsed.data.leg} AND ("callUuid" LIKE ${"callback:%"} OR "callUuid" = ${callUuid})`;
    } else {
      await direct(db).$executeRaw`
        UPDATE "Call" SET "callUuid" = ${callUuid}, "updatedAt" = ${now} WHERE "id" = ${parsed.data.leg} AND "callUuid" LIKE ${"callback:%"}`;
    }
  } catch (err) {
    if (!isUniqueViolation(err)) throw err; // another row already has this CallUUID: that one is found instead
  }
  return parsed.data.leg;
}

/** Answer URL of the outbound leg: greet the customer, then ring the agent reserved for them. */
export async function answerCallbackLeg(ctx: FlowContext, webhook: { query: Record<string, string> }): Promise<string> {
  const { db, params } = ctx;
  await bindLeg(db, webhook.query, params.CallUUID, true);
  const { call } = await findOrCreateCall(db, params);
  const voice = await callVoice(db, call);
  if (!call.callbackId || !voice) return restartAtLanguage(ctx, call, "callback leg without its callback or language");
  const p = promptsFor(voice.code);
  if (isEnded(call)) return renderSayAndHangup(voice, p.goodbye); // reconcile gave up on this leg already
  await markLegAnswered(db, { callbackId: call.callbackId, legId: call.id, now: new Date() });
  const [agent] = call.agentId
    ? await direct(db).$queryRaw<Array<{ phone: string; currentCallId: string | null }>>`
        SELECT "phone", "currentCallId" FROM "Agent" WHERE "id" = ${call.agentId}`
    : [];
  if (agent && agent.currentCallId === call.id) {
    const dialAttempt = await countEvents(db, call.id, "dial.started");
    await moveCall(db, call, { step: "AGENT", status: "CONNECTING" }, [
      { type: "callback.answered", detail: { callbackId: call.callbackId } },
      { type: "dial.started", detail: { agentId: call.agentId, attempt: dialAttempt } },
    ]);
    return renderCallbackDial(voice, { agentPhone: agent.phone, callerId: call.from || undefined, dialAttempt });
  }
  // The agent reserved for this leg was released meanwhile (reconcile): route like any caller.
  const routing = await moveCall(db, call, { step: "ROUTING", status: "IN_IVR" }, [
    { type: "callback.answered", detail: { callbackId: call.callbackId, agent: null } },
  ]);
  return routeToAgent(ctx, routing, voice, { loop: 0, missedBefore: false });
}

/** Hangup URL of the outbound leg: the ordinary hangup (closes the call, frees the agent), then settle the attempt. */
export async function callbackLegHangup(ctx: FlowContext, webhook: { query: Record<string, string> }): Promise<string> {
  const { db, params } = ctx;
  await bindLeg(db, webhook.query, params.CallUUID, false);
  const xml = await hangup(ctx);
  const call = await findCall(db, params.CallUUID);
  if (call?.callbackId) await settleEndedLeg(db, call.id, callbackConfig());
  triggerCallbackDispatch(db); // an agent may be free now
  return xml;
}

/** machine_detection_url: Plivo heard an answering machine (and, with machine_detection=hangup, hangs up itself). */
export async function callbackMachine(ctx: FlowContext, webhook: { query: Record<string, string> }): Promise<string> {
  const { db, params } = ctx;
  await bindLeg(db, webhook.query, params.CallUUID, false);
  const call = await findCall(db, params.CallUUID);
  if (call?.callbackId && (params.Machine ?? "").toLowerCase() === "true" && (await countEvents(db, call.id, "callback.machine")) === 0) {
    await moveCall(db, call, {}, [{ type: "callback.machine", detail: { callbackId: call.callbackId } }]);
  }
  return newXmlResponse().toXML();
}
