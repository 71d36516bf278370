// Reaching an agent: the routing decision, the hold loop, and the agent leg's events and result.
import { z } from "zod";
import type { Call } from "../../generated/prisma/client";
import { countEvents, moveCall } from "../call-store";
import { newXmlResponse } from "../plivo-xml";
import { renderDial, renderFeedbackQuestion, renderGaveUp, renderGoToQueue, renderQueueHold, type Voice } from "../responses";
import { dialOutcome } from "../webhook-params";
import { env } from "../../env";
import { estimateWait, offersAlternatives, spokenWait } from "../../routing/wait-estimate";
import { nudgeCallbackDispatchFromHold } from "../callback-dispatch";
import { holdKey } from "./callback";
import { callVoice, existingCall, extrasFor, pressed, restartAtLanguage, stepCall, type FlowContext } from "./shared";
import type { CallExtras, StepRead } from "../step-read";
import { snapshotFrom, type RoutingCallSnapshot } from "../../routing";

function ourNumber(call: Call): string | undefined {
  const n = call.direction === "INBOUND" ? call.to : call.from;
  return n || undefined;
}

/** The event a dial attempt leaves; a routing step's pre-read counts them (ROUTING_STEP_READ). */
const DIAL_STARTED = "dial.started";

/** What a step that may route reads with its call (ivr-route.ts, handlers.ts). */
export const ROUTING_STEP_READ: StepRead = { routing: true, eventTypes: [DIAL_STARTED] };
/** The hold loop's: a routing step's, its last announcement, and its proof of life stamped by the claim. */
export const QUEUE_STEP_READ: StepRead = { ...ROUTING_STEP_READ, lastEventType: "routing.queued", touch: true };
/** The dial result's: a routing step's, and the assignment it closes. */
export const DIAL_RESULT_STEP_READ: StepRead = { ...ROUTING_STEP_READ, lastAssignment: true };

/** Routing's view of the call (lib/routing snapshotFrom): its row now, the customer and agents rung as pre-read. */
function routingSnapshot(call: Call, extras: CallExtras): RoutingCallSnapshot {
  return snapshotFrom({ ...call, ...extras });
}

type FlowEvent = { type: string; detail?: Record<string, unknown> };

const announcement = z.object({ position: z.number(), estimateSeconds: z.number().nullable().optional() });

/**
 * A hold-loop poll that tells the caller what the last one told them (same place in line, same estimate) writes no
 * timeline event and no call update (#20): its receipt claim already stamped the call's lastSeenAt, the proof of life
 * the queue counts on (step-read.ts `touch`), and the timeline keeps one row per change instead of one per poll.
 */
function repeatsLastAnnouncement(ctx: FlowContext, call: Call, now: { position: number; loop: number; estimateSeconds: number | null }): boolean {
  const extras = extrasFor(ctx, call.id);
  if (now.loop === 0 || !extras?.touched || !extras.lastEventDetail || call.step !== "QUEUE" || call.status !== "QUEUED") return false;
  let last: z.infer<typeof announcement>;
  try {
    const parsed = announcement.safeParse(JSON.parse(extras.lastEventDetail));
    if (!parsed.success) return false;
    last = parsed.data;
  } catch {
    return false;
  }
  return last.position === now.position && (last.estimateSeconds ?? null) === now.estimateSeconds;
}

export async function routeToAgent(
  ctx: FlowContext,
  call: Call,
  voice: Voice,
  opts: {
    loop: number;
    missedBefore: boolean;
    lead?: string;
    offerCallback?: boolean;
    /** Events that led here, recorded with the routing outcome's move (one write instead of two). */
    before?: FlowEvent[];
  },
): Promise<string> {
  const before = opts.before ?? [];
  const { db } = ctx;
  // What routing would read about the call came with the step's first statement (step-read.ts), when it did.
  const extras = extrasFor(ctx, call.id);
  const known = extras ? routingSnapshot(call, extras) : undefined;
  const result = await ctx.routing.assignAgent(db, { callId: call.id, languageCode: voice.code, ...(known ? { known } : {}) });
  if (result.kind === "assigned") {
    // Dial attempts so far: counted with the call's pre-read (no dial starts between it and here), else read now.
    const dialAttempt = extras && DIAL_STARTED in extras.events ? extras.events[DIAL_STARTED]! : await countEvents(db, call.id, DIAL_STARTED);
    // lib/routing already claimed the agent and set agentId/status atomically; this records the IVR's side.
    // The decision's record, when routing left it to this statement (holdDecision, PostgreSQL: one round trip less).
    await moveCall(db, call, { step: "AGENT", status: "CONNECTING", ...(result.record ? { decision: result.record } : {}) }, [
      ...before,
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
    // #18: the estimated wait, stored on the event (each poll that changes the position or the estimate) and, when the
    // caller enters the queue, on the call (its error against the real wait is an analytics figure). An estimate that
    // cannot be had is left unsaid.
    const estimate = await estimateWait(db, { languageCode: voice.code, position: result.position }).catch(() => null);
    const detail = { position: result.position, waitedSeconds: result.waitedSeconds, loop: opts.loop, estimateSeconds: estimate?.seconds ?? null };
    if (before.length > 0 || !repeatsLastAnnouncement(ctx, call, detail)) {
      await moveCall(db, call, { step: "QUEUE", status: "QUEUED", ...(opts.loop === 0 && estimate ? { data: { waitEstimateSeconds: estimate.seconds } } : {}) }, [
        ...before,
        { type: "routing.queued", detail },
      ]);
    }
    nudgeCallbackDispatchFromHold(db);
    return renderQueueHold(voice, {
      position: result.position,
      loop: opts.loop,
      estimate: estimate ? spokenWait(estimate.seconds) : null,
      lead: opts.lead,
      // A callback and voicemail are offered once the estimated wait is long enough (CALLBACK_OFFER_AFTER_SECONDS).
      offerCallback: opts.offerCallback ?? (!call.callbackId && offersAlternatives(estimate?.seconds ?? null, env().callback.offerAfterSeconds)),
    });
  }
  // Routing has already taken the caller out of the queue.
  await moveCall(db, call, { step: "MENU", status: "IN_IVR" }, [
    ...before,
    { type: "routing.gave-up", detail: { waitedSeconds: result.waitedSeconds } },
  ]);
  return renderGaveUp(voice);
}

/** The hold loop: try again for an agent. A key pressed while holding (#18: callback) is lib/ivr/flow/callback.ts's. */
export async function retryFromQueue(ctx: FlowContext): Promise<string> {
  const { call } = await stepCall(ctx);
  const voice = await callVoice(ctx.db, call);
  if (!voice) return restartAtLanguage(ctx, call, "queue without a language");
  const digits = pressed(ctx);
  if (digits) return holdKey(ctx, call, voice, digits);
  return routeToAgent(ctx, call, voice, { loop: ctx.query.n, missedBefore: false });
}

/** Dial callbackUrl: the agent leg's events. Marks the moment the agent answered (talk time starts). */
export async function dialEvent(ctx: FlowContext): Promise<string> {
  const { db, params } = ctx;
  const call = await existingCall(ctx);
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
  const { call } = await stepCall(ctx);
  const voice = await callVoice(db, call);
  if (!voice) return restartAtLanguage(ctx, call, "dial result without a language");
  const status = dialOutcome.parse(params.DialStatus);
  const now = new Date();
  const measured = call.agentConnectedAt ? Math.round((now.getTime() - call.agentConnectedAt.getTime()) / 1000) : 0;
  const talkSeconds = params.DialBLegDuration ?? (status === "completed" ? measured : 0);
  const lastAssignment = extrasFor(ctx, call.id)?.lastAssignment;
  const next = await ctx.routing.recordDialResult(db, {
    callId: call.id,
    dialStatus: status,
    talkSeconds,
    ...(lastAssignment !== undefined ? { known: { lastAssignment } } : {}),
  });
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
