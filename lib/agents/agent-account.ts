// An agent's sign-in, set from the agent form: an email and an initial password (or a reset later). The account
// belongs to exactly one agent; emails are unique across agent accounts and must not shadow a supervisor's.
import { hashPassword } from "../auth/password-hash";
import { z } from "zod";
import type { Db } from "../db/client";
import { isUniqueViolation } from "../db/sql";

export const agentAccountInput = z.object({
  accountEmail: z.union([z.literal(""), z.email("Enter a valid email address").trim().toLowerCase()]).default(""),
  accountPassword: z.union([z.literal(""), z.string().min(8, "At least 8 characters").max(200)]).default(""),
});
export type AgentAccountInput = z.infer<typeof agentAccountInput>;
export type AccountFieldErrors = Partial<Record<keyof AgentAccountInput, string[]>>;

/** Create, change or reset the agent's account. An empty email leaves the account as it is. */
export async function saveAgentAccount(
  db: Db,
  agentId: string,
  input: AgentAccountInput,
): Promise<{ ok: true } | { ok: false; fieldErrors: AccountFieldErrors }> {
  if (!input.accountEmail) {
    return input.accountPassword ? { ok: false, fieldErrors: { accountEmail: ["Enter the email the password is for"] } } : { ok: true };
  }
  if (await db.supervisor.findUnique({ where: { email: input.accountEmail } })) {
    return { ok: false, fieldErrors: { accountEmail: ["A supervisor already signs in with this email"] } };
  }
  const existing = await db.agentAccount.findUnique({ where: { agentId } });
  if (!existing && !input.accountPassword) {
    return { ok: false, fieldErrors: { accountPassword: ["Give the agent an initial password"] } };
  }
  const passwordHash = input.accountPassword ? await hashPassword(input.accountPassword) : undefined;
  try {
    if (existing) {
      await db.agentAccount.update({ where: { agentId }, data: { email: input.accountEmail, ...(passwordHash ? { passwordHash } : {}) } });
    } else if (passwordHash) {
      await db.agentAccount.create({ data: { agentId, email: input.accountEmail, passwordHash } });
    }
    return { ok: true };
  } catch (err) {
    if (isUniqueViolation(err)) return { ok: false, fieldErrors: { accountEmail: ["Another agent already signs in with this email"] } };
    throw err;
  }
}
