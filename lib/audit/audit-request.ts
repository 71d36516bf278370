// One-line audit calls from server actions: the signed-in user and the request's address are filled in here.
import "server-only";
import { headers } from "next/headers";
import { currentSupervisor } from "../auth/session";
import { getDb } from "../db/client";
import { clientAddress } from "../http/client-address";
import { recordAudit, type AuditEntry } from "./record-audit";

export async function auditAction(entry: Omit<AuditEntry, "ip" | "actor"> & { actor?: AuditEntry["actor"] }): Promise<void> {
  const [h, actor] = await Promise.all([headers(), entry.actor === undefined ? currentSupervisor() : Promise.resolve(entry.actor)]);
  await recordAudit(await getDb(), { ...entry, actor: actor ? { id: actor.id, email: actor.email } : null, ip: clientAddress(h) });
}
