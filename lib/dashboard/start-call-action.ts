"use server";
// "Start a call": validate the number, apply the toll-fraud rules, take the call-start limits (all or none), then
// place the call through Plivo or hand the supervisor to the simulator's phone. A refused number never reaches
// Plivo or uses up a limit; a call Plivo refuses gives its slots back. Every outcome is audited.
import { redirect } from "next/navigation";
import { z } from "zod";
import { e164Phone } from "../agents/e164-phone";
import { auditAction } from "../audit/audit-request";
import { requireSupervisor } from "../auth/session";
import { getDb } from "../db/client";
import { consumeCallStart, rateLimitMessage, releaseCallStart } from "../rate-limit/call-start-limits";
import { env } from "../env";
import { log } from "../log";
import { publish } from "../realtime/publish";
import { checkDestination } from "../telephony/outbound-policy";
import { placeCall, PlaceCallError } from "../telephony/place-call";
import { recordPlacedCall } from "./record-placed-call";

export type StartCallState = {
  status?: "error" | "limited" | "refused" | "placed";
  message?: string;
  fieldErrors?: { to?: string[] };
  to?: string;
};

const startCallInput = z.object({ to: e164Phone });

export async function startCallAction(_prev: StartCallState, form: FormData): Promise<StartCallState> {
  const supervisor = await requireSupervisor();
  const raw = typeof form.get("to") === "string" ? String(form.get("to")) : "";
  const parsed = startCallInput.safeParse({ to: raw });
  if (!parsed.success) {
    return { status: "error", to: raw, fieldErrors: parsed.error.flatten().fieldErrors, message: "The call was not placed: fix the number." };
  }
  const to = parsed.data.to;
  const refuse = async (reason: string, message: string, status: StartCallState["status"]) => {
    log.warn({ supervisorId: supervisor.id, reason }, "call start refused");
    await auditAction({ action: "call.refused", actor: supervisor, target: to, detail: { reason } });
    return { status, to: raw, message };
  };

  const destination = checkDestination(to);
  if (!destination.allowed) {
    return refuse(destination.reason, `The call was not placed. ${destination.message}`, "refused");
  }
  const db = await getDb();
  const limit = await consumeCallStart(db, supervisor.id);
  if (!limit.allowed) return refuse(`limit:${limit.scope}`, rateLimitMessage(limit), "limited");

  let result;
  try {
    result = await placeCall(to);
  } catch (err) {
    await releaseCallStart(db, limit.keys);
    if (err instanceof PlaceCallError) return refuse("plivo", err.userMessage, "error");
    throw err;
  }
  await auditAction({ action: "call.started", actor: supervisor, target: to, detail: { mode: result.mode, type: destination.type } });
  if (result.mode === "simulator") redirect(result.phoneUrl);
  const placed = await recordPlacedCall(db, { requestUuid: result.requestUuid, from: env().plivo.fromNumber ?? "", to, supervisorId: supervisor.id });
  if (placed) await publish("call.changed", { callId: placed.id, status: "RINGING" });
  return {
    status: "placed",
    to: "",
    message: `Calling ${to} through Plivo (request ${result.requestUuid}). It appears under Live calls as soon as it is answered.`,
  };
}
