// What every IVR level shares: the routing port, the flow context, reading a key press and restarting at level 1.
import type { Db } from "../../db/client";
import type { Call } from "../../generated/prisma/client";
import type { AssignResult, DialResult, DialOutcome, RoutingCallSnapshot } from "../../routing";
import { findCall, findOrCreateCall, listLanguageChoices, moveCall, voiceOf } from "../call-store";
import type { CallExtras, KnownCall, LastAssignment } from "../step-read";
import { renderLanguageMenu, type Voice } from "../responses";
import type { IvrQuery, PlivoCallParams } from "../webhook-params";

export const MAX_ATTEMPTS = 3;

/** What the flow needs from lib/routing (injected so unit tests can stand in for it). */
export type RoutingPort = {
  /** `known`: the call as the step already read it (step-read.ts), so routing need not read it again. */
  assignAgent(db: Db, input: { callId: string; languageCode: string; known?: RoutingCallSnapshot }): Promise<AssignResult>;
  /** `known.lastAssignment`: the call's latest assignment as the step already read it (step-read.ts). */
  recordDialResult(
    db: Db,
    input: { callId: string; dialStatus: DialOutcome; talkSeconds: number; known?: { lastAssignment: LastAssignment | null } },
  ): Promise<DialResult>;
  recordRating(db: Db, input: { callId: string; rating: number }): Promise<{ stored: boolean }>;
  releaseCall(db: Db, input: { callId: string }): Promise<unknown>;
};

export type FlowContext = {
  db: Db;
  params: PlivoCallParams;
  query: IvrQuery;
  routing: RoutingPort;
  /** The call as read in the webhook's first statement (step-read.ts; PostgreSQL), for the step's first read only. */
  known?: KnownCall;
  /** What came with that read besides the row (routing's inputs, event counts); kept for the whole step. */
  callExtras?: CallExtras;
};

/** The pre-read, once: a step's first read of its call takes it; any later read goes to the database. */
function takeKnown(ctx: FlowContext): KnownCall | undefined {
  const known = ctx.known;
  ctx.known = undefined;
  if (known?.extras) ctx.callExtras = known.extras;
  return known;
}

/** The step's call, created on first sight (call-store.ts findOrCreateCall), from the pre-read when there is one. */
export function stepCall(ctx: FlowContext, opts: { answered?: boolean } = {}): ReturnType<typeof findOrCreateCall> {
  return findOrCreateCall(ctx.db, ctx.params, { answered: opts.answered ?? true, known: takeKnown(ctx) });
}

/** The step's call if we know it (status callbacks for a call never seen get null), from the pre-read when there is one. */
export async function existingCall(ctx: FlowContext) {
  const known = takeKnown(ctx);
  return known ? known.call : findCall(ctx.db, ctx.params.CallUUID);
}

/** The pre-read's extras when they are about this call (a step reads one call; the id check is a guard). */
export function extrasFor(ctx: FlowContext, callId: string): CallExtras | undefined {
  return ctx.callExtras?.callId === callId ? ctx.callExtras : undefined;
}

export function pressed(ctx: FlowContext): string | null {
  if (ctx.query.noinput) return null;
  const d = ctx.params.Digits?.trim();
  return d ? d : null;
}

export async function callVoice(db: Db, call: Call): Promise<Voice | null> {
  return call.languageCode ? voiceOf(db, call.languageCode) : null;
}

/** A webhook for a call that has no language yet (or whose language was removed): start again at level 1. */
export async function restartAtLanguage(ctx: FlowContext, call: Call, reason: string): Promise<string> {
  const languages = await listLanguageChoices(ctx.db);
  await moveCall(ctx.db, call, { step: "LANGUAGE", status: "IN_IVR" }, [{ type: "flow.restart", detail: { reason } }]);
  return renderLanguageMenu(languages, 0);
}
