// Checks a supervisor's password against the bcrypt hash stored by the seed (or by whoever creates supervisors).
import bcrypt from "bcryptjs";
import type { Db } from "../db/client";

// A real bcrypt hash of a random string: comparing against it when the email is unknown costs the same time as a
// real check, so response timing does not reveal which emails exist.
const DUMMY_HASH = "$2b$12$wIOJIhngl5t3XXzeUdFLC.7UXaeAdeRFsESQZjxUgGpdP.YNFShM2";

export type SupervisorIdentity = { id: string; email: string; name: string };

export async function verifySupervisor(db: Db, email: string, password: string): Promise<SupervisorIdentity | null> {
  const supervisor = await db.supervisor.findUnique({ where: { email: email.trim().toLowerCase() } });
  const ok = await bcrypt.compare(password, supervisor?.passwordHash ?? DUMMY_HASH);
  if (!supervisor || !ok) return null;
  return { id: supervisor.id, email: supervisor.email, name: supervisor.name };
}
