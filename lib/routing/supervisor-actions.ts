"use server";
// Server actions behind the live-calls page's "Release agent" and "End call" buttons: supervisor session, zod,
// then the control (lib/routing/supervisor-controls.ts); the signed-in supervisor is recorded as who did it.
import { revalidatePath } from "next/cache";
import { requireSupervisor } from "../auth/require-supervisor";
import { getDb } from "../db/client";
import { endCallInput, endStuckCall, forceReleaseAgent, forceReleaseInput } from "./supervisor-controls";

export type ControlState = { ok?: boolean; message?: string };

const text = (v: FormDataEntryValue | null) => (typeof v === "string" ? v : "");

export async function forceReleaseAgentAction(_prev: ControlState, form: FormData): Promise<ControlState> {
  const supervisor = await requireSupervisor();
  const parsed = forceReleaseInput.safeParse({ agentId: text(form.get("agentId")), reason: text(form.get("reason")) });
  if (!parsed.success) return { ok: false, message: parsed.error.issues[0]?.message ?? "Invalid request." };
  const result = await forceReleaseAgent(await getDb(), { ...parsed.data, by: supervisor.email });
  revalidatePath("/", "layout");
  return result;
}

export async function endCallAction(_prev: ControlState, form: FormData): Promise<ControlState> {
  const supervisor = await requireSupervisor();
  const parsed = endCallInput.safeParse({ callId: text(form.get("callId")), reason: text(form.get("reason")) });
  if (!parsed.success) return { ok: false, message: parsed.error.issues[0]?.message ?? "Invalid request." };
  const result = await endStuckCall(await getDb(), { ...parsed.data, by: supervisor.email });
  revalidatePath("/", "layout");
  return result;
}
