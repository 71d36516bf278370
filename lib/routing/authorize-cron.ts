// Who may run the scheduled reconcile: Vercel cron sends `Authorization: Bearer $CRON_SECRET`. With a secret
// configured (always, in production) the header must match; locally, with none, the endpoint is open.
import { timingSafeEqual } from "node:crypto";

export function authorizeCron(authorization: string | null, secret: string | undefined): boolean {
  if (secret === undefined) return true;
  const expected = Buffer.from(`Bearer ${secret}`);
  const got = Buffer.from(authorization ?? "");
  return got.length === expected.length && timingSafeEqual(got, expected);
}
