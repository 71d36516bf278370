"use server";
// Server actions of the voicemail list (#18): assign to an agent, mark done. Supervisors and admins; audited.
import { revalidatePath } from "next/cache";
import { auditAction } from "../audit/audit-request";
import { requireSupervisor } from "../auth/session";
import { getDb } from "../db/client";
import { runAction } from "../http/errors";
import { publish } from "../realtime/publish";
import { assignVoicemail, markVoicemailDone } from "./voicemail-tasks";

export type VoicemailActionState = { ok?: boolean; status?: number; message?: string; fieldErrors?: Record<string, string[]> };

export async function assignVoicemailAction(_prev: VoicemailActionState, form: FormData): Promise<VoicemailActionState> {
  return runAction("voicemail/assign", async () => {
    await requireSupervisor();
    const r = await assignVoicemail(await getDb(), { voicemailId: form.get("voicemailId"), agentId: form.get("agentId") });
    await auditAction({ action: "voicemail.assigned", target: r.voicemailId, detail: { agent: r.agentName } });
    await publish("call.changed", {});
    revalidatePath("/voicemail");
    return { ok: true, message: `Assigned to ${r.agentName}.` };
  });
}

export async function markVoicemailDoneAction(_prev: VoicemailActionState, form: FormData): Promise<VoicemailActionState> {
  return runAction("voicemail/done", async () => {
    await requireSupervisor();
    const r = await markVoicemailDone(await getDb(), { voicemailId: form.get("voicemailId") });
    if (r.changed) {
      await auditAction({ action: "voicemail.done", target: r.voicemailId });
      await publish("call.changed", {});
    }
    revalidatePath("/voicemail");
    return { ok: true, message: "Done." };
  });
}
