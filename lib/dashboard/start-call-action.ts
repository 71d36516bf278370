"use server";
// "Start a call": validate the number, enforce the call-start limits, then place the call through Plivo or hand
// the supervisor to the simulator's phone. A bad number never reaches Plivo or uses up a rate-limit slot.
import { redirect } from "next/navigation";
import { z } from "zod";
import { e164Phone } from "../agents/e164-phone";
import { requireSupervisor } from "../auth/require-supervisor";
import { getDb } from "../db/client";
import { consumeCallStart, rateLimitMessage } from "../rate-limit/call-start-limits";
import { env } from "../env";
import { publish } from "../realtime/publish";
import { placeCall, PlaceCallError } from "../telephony/place-call";
import { recordPlacedCall } from "./record-placed-call";

export type StartCallState = {
  status?: "error" | "limited" | "placed";
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
  const db = await getDb();
  const limit = await consumeCallStart(db, supervisor.id);
  if (!limit.allowed) return { status: "limited", to: raw, message: rateLimitMessage(limit) };

  let result;
  try {
    result = await placeCall(parsed.data.to);
  } catch (err) {
    if (err instanceof PlaceCallError) return { status: "error", to: raw, message: err.userMessage };
    throw err;
  }
  if (result.mode === "simulator") redirect(result.phoneUrl);
  const placed = await recordPlacedCall(db, { requestUuid: result.requestUuid, from: env().plivo.fromNumber ?? "", to: parsed.data.to, supervisorId: supervisor.id });
  if (placed) await publish("call.changed", { callId: placed.id, status: "RINGING" });
  return {
    status: "placed",
    to: "",
    message: `Calling ${parsed.data.to} through Plivo (request ${result.requestUuid}). It appears under Live calls as soon as it is answered.`,
  };
}
