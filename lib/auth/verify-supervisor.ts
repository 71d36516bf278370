// Checks a supervisor's password. The hash is computed off the event loop (password-hash.ts), an unknown email is
// checked against a dummy hash of the same cost (same answer, same time), and a bcrypt hash from before is
// replaced by scrypt once the password has been shown to be right.
import type { Db } from "../db/client";
import { dummyHash, hashPassword, needsRehash, verifyPassword } from "./password-hash";

export type SupervisorIdentity = { id: string; email: string; name: string; role: string; sessionVersion: number };

export async function verifySupervisor(db: Db, email: string, password: string): Promise<SupervisorIdentity | null> {
  const supervisor = await db.supervisor.findUnique({ where: { email: email.trim().toLowerCase() } });
  const ok = await verifyPassword(password, supervisor?.passwordHash ?? (await dummyHash()));
  if (!supervisor || !ok) return null;
  if (needsRehash(supervisor.passwordHash)) {
    // Only if nobody changed it meanwhile.
    await db.supervisor.updateMany({
      where: { id: supervisor.id, passwordHash: supervisor.passwordHash },
      data: { passwordHash: await hashPassword(password) },
    });
  }
  return { id: supervisor.id, email: supervisor.email, name: supervisor.name, role: supervisor.role, sessionVersion: supervisor.sessionVersion };
}
