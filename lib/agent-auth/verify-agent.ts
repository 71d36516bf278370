// Checks an agent account's password for the shared /login, with the supervisors' hashing (lib/auth/password-hash.ts:
// off the event loop, bcrypt hashes from before replaced by scrypt once the password has been shown to be right).
import type { Db } from "../db/client";
import { hashPassword, needsRehash, verifyPassword } from "../auth/password-hash";

export type AgentIdentity = { id: string; agentId: string; email: string; name: string };

/** Only called for an email that has an agent account (lib/auth/authenticate.ts decides which table to check). */
export async function verifyAgent(db: Db, email: string, password: string): Promise<AgentIdentity | null> {
  const account = await db.agentAccount.findUnique({
    where: { email: email.trim().toLowerCase() },
    include: { agent: { select: { name: true } } },
  });
  if (!account || !(await verifyPassword(password, account.passwordHash))) return null;
  if (needsRehash(account.passwordHash)) {
    await db.agentAccount.updateMany({
      where: { id: account.id, passwordHash: account.passwordHash },
      data: { passwordHash: await hashPassword(password) },
    });
  }
  return { id: `agent:${account.agentId}`, agentId: account.agentId, email: account.email, name: account.agent.name };
}
