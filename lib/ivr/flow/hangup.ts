// The hangup URL: close the record and release whatever routing still holds.
import type { Call, CallStatus } from "../../generated/prisma/client";
import { countEventTypes, moveCall } from "../call-store";
import { triggerCallbackDispatch } from "../callback-dispatch";
import { newXmlResponse } from "../plivo-xml";
import { extrasFor, stepCall, type FlowContext } from "./shared";

/** The timeline events that decide a hangup's final status (read with the call on PostgreSQL: step-read.ts). */
export const HANGUP_EVENT_TYPES = ["message.played", "voicemail.recorded", "callback.requested"] as const;

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
  const { call } = await stepCall(ctx, { answered: false });
  if (!call.endedAt) {
    // A caller who left a voicemail or a queued callback (#18) got what they came for, like one who heard the message.
    // One statement for the three (#20: it was up to three round trips).
    const known = extrasFor(ctx, call.id)?.events;
    const seen = known && HANGUP_EVENT_TYPES.every((t) => t in known) ? known : await countEventTypes(db, call.id, HANGUP_EVENT_TYPES);
    const heardMessage =
      seen["message.played"] > 0 ||
      (!call.agentConnectedAt && seen["voicemail.recorded"] > 0) ||
      (call.step === "DONE" && seen["callback.requested"] > 0);
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
  // An agent may be free now: a queued callback at the head of the line is dialled without waiting for the scheduler.
  triggerCallbackDispatch(db);
  return newXmlResponse().toXML();
}
