// Supervisor accounts: an admin adds and removes them; anyone changes their own password. Removing an account or
// changing a password ends its sessions (the session version in lib/auth/session.ts).
import { z } from "zod";
import type { Db } from "../db/client";
import { Prisma } from "../generated/prisma/client";
import { hashPassword, verifyPassword } from "./password-hash";

const password = z.string().min(12, "Use at least 12 characters").max(200, "That password is too long");

export const newSupervisorInput = z.object({
  name: z.string().trim().min(1, "Enter a name").max(100, "That name is too long"),
  email: z.email("Enter an email address").trim().toLowerCase().max(254, "That email is too long"),
  password,
});
export type NewSupervisorInput = z.infer<typeof newSupervisorInput>;

export const changePasswordInput = z
  .object({ current: z.string().min(1, "Enter your current password").max(200), next: password, confirm: z.string() })
  .refine((v) => v.next === v.confirm, { path: ["confirm"], message: "The two new passwords differ" });

export type Outcome<T> = { ok: true; value: T } | { ok: false; message: string; field?: string };

export async function addSupervisor(db: Db, input: NewSupervisorInput): Promise<Outcome<{ id: string; email: string }>> {
  try {
    const created = await db.supervisor.create({
      data: { name: input.name, email: input.email, role: "SUPERVISOR", passwordHash: await hashPassword(input.password) },
      select: { id: true, email: true },
    });
    return { ok: true, value: created };
  } catch (err) {
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002") {
      return { ok: false, field: "email", message: "A supervisor with that email already exists." };
    }
    throw err;
  }
}

export async function removeSupervisor(db: Db, actorId: string, supervisorId: string): Promise<Outcome<{ email: string }>> {
  if (actorId === supervisorId) return { ok: false, message: "You cannot remove your own account." };
  const target = await db.supervisor.findUnique({ where: { id: supervisorId }, select: { email: true, role: true } });
  if (!target) return { ok: false, message: "That supervisor no longer exists." };
  if (target.role === "ADMIN" && (await db.supervisor.count({ where: { role: "ADMIN" } })) <= 1) {
    return { ok: false, message: "The last admin cannot be removed." };
  }
  // Deleting the row ends its sessions: session.ts finds no account for the token.
  await db.supervisor.deleteMany({ where: { id: supervisorId } });
  return { ok: true, value: { email: target.email } };
}

/** Checks the current password, stores the new one and ends every session of the account (this one included). */
export async function changePassword(db: Db, supervisorId: string, current: string, next: string): Promise<Outcome<null>> {
  const account = await db.supervisor.findUnique({ where: { id: supervisorId }, select: { passwordHash: true } });
  if (!account || !(await verifyPassword(current, account.passwordHash))) {
    return { ok: false, field: "current", message: "The current password is not right." };
  }
  await db.supervisor.update({
    where: { id: supervisorId },
    data: { passwordHash: await hashPassword(next), sessionVersion: { increment: 1 } },
  });
  return { ok: true, value: null };
}
