// A sign-in attempt end to end: throttle first (no hash is computed for a refused attempt), then the password,
// then the audit row. The answer is the same whether or not the account exists.
import type { Db } from "../db/client";
import { recordAudit } from "../audit/record-audit";
import { log } from "../log";
import { clearLoginAttempts, takeLoginAttempt } from "./login-throttle";
import { verifyAgent, type AgentIdentity } from "../agent-auth/verify-agent";
import { verifySupervisor, type SupervisorIdentity } from "./verify-supervisor";

export type AuthenticateResult =
  | { ok: true; user: SupervisorIdentity; agent?: undefined }
  | { ok: true; agent: AgentIdentity; user?: undefined }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "throttled"; retryAfterSeconds: number };

export async function authenticate(db: Db, input: { email: string; password: string; address: string }): Promise<AuthenticateResult> {
  const email = input.email.trim().toLowerCase();
  const attempt = await takeLoginAttempt(db, { email, address: input.address });
  if (!attempt.allowed) {
    log.warn({ email, address: input.address, retryAfterSeconds: attempt.retryAfterSeconds }, "sign-in throttled");
    await recordAudit(db, { action: "login.throttled", actorEmail: email, ip: input.address, detail: { retryAfterSeconds: attempt.retryAfterSeconds } });
    return { ok: false, reason: "throttled", retryAfterSeconds: attempt.retryAfterSeconds };
  }
  // Agents sign in at the same page. Exactly one password hash is checked whoever the email belongs to.
  if (await db.agentAccount.findUnique({ where: { email }, select: { id: true } })) {
    const agent = await verifyAgent(db, email, input.password);
    if (!agent) {
      await recordAudit(db, { action: "login.failed", actorEmail: email, ip: input.address });
      return { ok: false, reason: "invalid" };
    }
    await clearLoginAttempts(db, { email, address: input.address });
    await recordAudit(db, { action: "login.succeeded", actorEmail: email, ip: input.address, detail: { agentId: agent.agentId } });
    return { ok: true, agent };
  }
  const user = await verifySupervisor(db, email, input.password);
  if (!user) {
    await recordAudit(db, { action: "login.failed", actorEmail: email, ip: input.address });
    return { ok: false, reason: "invalid" };
  }
  await clearLoginAttempts(db, { email, address: input.address });
  await recordAudit(db, { action: "login.succeeded", actor: { id: user.id, email: user.email }, ip: input.address });
  return { ok: true, user };
}
