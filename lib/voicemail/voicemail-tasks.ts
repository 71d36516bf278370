// Voicemail as tasks (#18): the list the dashboard shows, and the two moves a supervisor makes on one: assign it
// to an agent (NEW/ASSIGNED -> ASSIGNED) and mark it done (-> DONE, doneAt set once). Both are conditional updates,
// so a double click or two supervisors at once change it once.
import { z } from "zod";
import type { Db } from "../db/client";
import { HttpError } from "../http/errors";

const id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "Pick a voicemail.");
export const assignInput = z.object({ voicemailId: id, agentId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "Pick an agent.") });
export const doneInput = z.object({ voicemailId: id });

export type VoicemailTask = {
  id: string;
  createdAt: Date;
  from: string;
  callId: string;
  languageCode: string | null;
  durationSeconds: number;
  transcription: string | null;
  status: "NEW" | "ASSIGNED" | "DONE";
  assignedAgent: { id: string; name: string } | null;
  doneAt: Date | null;
};

/** Open tasks first (oldest first: they have waited longest), then the most recent done ones. */
export async function listVoicemails(db: Db, opts: { doneLimit?: number } = {}): Promise<VoicemailTask[]> {
  const select = {
    id: true,
    createdAt: true,
    callId: true,
    languageCode: true,
    durationSeconds: true,
    transcription: true,
    status: true,
    doneAt: true,
    call: { select: { from: true } },
    assignedAgent: { select: { id: true, name: true } },
  } as const;
  const [open, done] = await Promise.all([
    db.voicemail.findMany({ where: { status: { in: ["NEW", "ASSIGNED"] } }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], take: 500, select }),
    db.voicemail.findMany({ where: { status: "DONE" }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: opts.doneLimit ?? 50, select }),
  ]);
  return [...open, ...done].map(({ call, ...v }) => ({ ...v, from: call.from }));
}

export async function assignVoicemail(db: Db, raw: unknown): Promise<{ voicemailId: string; agentName: string }> {
  const { voicemailId, agentId } = assignInput.parse(raw);
  const agent = await db.agent.findUnique({ where: { id: agentId }, select: { name: true } });
  if (!agent) throw new HttpError(400, "Unknown agent.", [{ param: "agentId", message: "That agent does not exist." }]);
  const { count } = await db.voicemail.updateMany({ where: { id: voicemailId, status: { in: ["NEW", "ASSIGNED"] } }, data: { status: "ASSIGNED", assignedAgentId: agentId } });
  if (count === 0) await throwMissingOrDone(db, voicemailId);
  return { voicemailId, agentName: agent.name };
}

export async function markVoicemailDone(db: Db, raw: unknown, now = new Date()): Promise<{ voicemailId: string; changed: boolean }> {
  const { voicemailId } = doneInput.parse(raw);
  const { count } = await db.voicemail.updateMany({ where: { id: voicemailId, status: { not: "DONE" } }, data: { status: "DONE", doneAt: now } });
  if (count === 0) {
    const found = await db.voicemail.findUnique({ where: { id: voicemailId }, select: { id: true } });
    if (!found) throw new HttpError(404, "Voicemail was not found.");
  }
  return { voicemailId, changed: count > 0 };
}

async function throwMissingOrDone(db: Db, voicemailId: string): Promise<never> {
  const found = await db.voicemail.findUnique({ where: { id: voicemailId }, select: { status: true } });
  if (!found) throw new HttpError(404, "Voicemail was not found.");
  throw new HttpError(409, "This voicemail is already done.");
}
