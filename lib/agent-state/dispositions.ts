// Dispositions: what came of a call, recorded by the agent who took it (codes are data, DispositionCode). Stored
// once per call (a second save edits it) and added to the call's timeline as a "disposition" event.
import { z } from "zod";
import type { Db } from "../db/client";
import { direct } from "../db/direct";
import { sortableId } from "../db/sql";
import { AgentStateError } from "./errors";

export const dispositionInput = z.object({
  callId: z.string().trim().min(1, "callId is required").max(64),
  code: z.string().trim().min(1, "Pick a disposition").max(40),
  notes: z.string().max(2000, "Notes are limited to 2,000 characters").default(""),
});
export type DispositionInput = z.infer<typeof dispositionInput>;

export async function saveDisposition(db: Db, agentId: string, raw: unknown, now = new Date()) {
  const parsed = dispositionInput.safeParse(raw);
  if (!parsed.success) throw new AgentStateError(400, parsed.error.issues[0]?.message ?? "Invalid disposition.");
  const { callId, code, notes } = parsed.data;
  const [known] = await direct(db).$queryRaw<Array<{ label: string }>>`SELECT "label" FROM "DispositionCode" WHERE "code" = ${code}`;
  if (!known) throw new AgentStateError(400, `Unknown disposition code "${code}".`);
  // The call must be one this agent talked on: its agent, or an answered assignment of theirs.
  const [call] = await direct(db).$queryRaw<Array<{ agentId: string | null; answered: bigint | number }>>`
    SELECT c."agentId", (SELECT COUNT(*) FROM "AgentAssignment" s WHERE s."callId" = c."id" AND s."agentId" = ${agentId}
      AND s."outcome" IN ('ANSWERED', 'RELEASED', 'PENDING')) AS "answered"
    FROM "Call" c WHERE c."id" = ${callId}`;
  if (!call) throw new AgentStateError(404, "That call does not exist.");
  if (call.agentId !== agentId && Number(call.answered) === 0) {
    throw new AgentStateError(403, "That call was not yours.");
  }
  await direct(db).$transaction(async (tx) => {
    const updated = await tx.$executeRaw`
      UPDATE "CallDisposition" SET "code" = ${code}, "notes" = ${notes}, "agentId" = ${agentId}, "updatedAt" = ${now}
      WHERE "callId" = ${callId}`;
    if (updated === 0) {
      await tx.$executeRaw`
        INSERT INTO "CallDisposition" ("id", "callId", "agentId", "code", "notes", "createdAt", "updatedAt")
        VALUES (${sortableId(now.getTime())}, ${callId}, ${agentId}, ${code}, ${notes}, ${now}, ${now})`;
    }
    await tx.$executeRaw`
      INSERT INTO "CallEvent" ("callId", "type", "detail", "at")
      VALUES (${callId}, ${"disposition"}, ${JSON.stringify({ agentId, code, label: known.label, notes })}, ${now})`;
  });
  return { callId, code, label: known.label, notes };
}

export async function listReasons(db: Db) {
  return db.notReadyReason.findMany({ orderBy: { sortOrder: "asc" } });
}

export async function listDispositionCodes(db: Db) {
  return db.dispositionCode.findMany({ orderBy: { sortOrder: "asc" } });
}
