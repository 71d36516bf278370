// What every IVR level shares: the routing port, the flow context, reading a key press and restarting at level 1.
import type { Db } from "../../db/client";
import type { Call } from "../../generated/prisma/client";
import type { AssignResult, DialResult, DialOutcome } from "../../routing";
import { listLanguageChoices, moveCall, voiceOf } from "../call-store";
import { renderLanguageMenu, type Voice } from "../responses";
import type { IvrQuery, PlivoCallParams } from "../webhook-params";

export const MAX_ATTEMPTS = 3;

/** What the flow needs from lib/routing (injected so unit tests can stand in for it). */
export type RoutingPort = {
  assignAgent(db: Db, input: { callId: string; languageCode: string; known?: import("../../routing").RoutingCallSnapshot }): Promise<AssignResult>;
  recordDialResult(db: Db, input: { callId: string; dialStatus: DialOutcome; talkSeconds: number }): Promise<DialResult>;
  recordRating(db: Db, input: { callId: string; rating: number }): Promise<{ stored: boolean }>;
  releaseCall(db: Db, input: { callId: string }): Promise<unknown>;
};

export type FlowContext = { db: Db; params: PlivoCallParams; query: IvrQuery; routing: RoutingPort };

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
