// Checks an agent account's password (AgentAccount, bcrypt) for the shared /login. Same timing for unknown emails
// as lib/auth/verify-supervisor.ts, whose dummy hash it borrows for the same reason.
import bcrypt from "bcryptjs";
import type { Db } from "../db/client";

const DUMMY_HASH = "$2b$12$wIOJIhngl5t3XXzeUdFLC.7UXaeAdeRFsESQZjxUgGpdP.YNFShM2";

export type AgentIdentity = { id: string; agentId: string; email: string; name: string };

export async function verifyAgent(db: Db, email: string, password: string): Promise<AgentIdentity | null> {
  const account = await db.agentAccount.findUnique({
    where: { email: email.trim().toLowerCase() },
    include: { agent: { select: { name: true } } },
  });
  const ok = await bcrypt.compare(password, account?.passwordHash ?? DUMMY_HASH);
  if (!account || !ok) return null;
  return { id: `agent:${account.agentId}`, agentId: account.agentId, email: account.email, name: account.agent.name };
}
