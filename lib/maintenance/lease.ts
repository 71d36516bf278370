// A cross-process lease per maintenance job: one row per job name in MaintenanceLease. Whoever inserts the row, or
// takes it over once it has expired, holds it until expiresAt; the others skip that round. Both steps are single
// conditional statements, so on SQLite and PostgreSQL alike at most one process wins a given round. A crashed
// holder needs no cleanup: its lease expires.
import type { Db } from "../db/client";
import { direct } from "../db/direct";

export async function tryAcquireLease(db: Db, input: { name: string; holder: string; ttlMs: number; now?: Date }): Promise<boolean> {
  const now = input.now ?? new Date();
  const expiresAt = new Date(now.getTime() + input.ttlMs);
  const sql = direct(db);
  const inserted = await sql.$executeRaw`
    INSERT INTO "MaintenanceLease" ("name", "holder", "expiresAt") VALUES (${input.name}, ${input.holder}, ${expiresAt})
    ON CONFLICT ("name") DO NOTHING`;
  if (inserted > 0) return true;
  // Take over an expired lease (ours included: a lease is one round, not a standing claim).
  const taken = await sql.$executeRaw`
    UPDATE "MaintenanceLease" SET "holder" = ${input.holder}, "expiresAt" = ${expiresAt}
    WHERE "name" = ${input.name} AND "expiresAt" <= ${now}`;
  return taken > 0;
}
