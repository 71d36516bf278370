// Sign-in throttling, checked before any password hash is computed: each attempt takes a slot per account and per
// client address (both or neither, lib/rate-limit/consume-all.ts), and a full window refuses without hashing until
// it ends (a lockout of at most LOGIN_WINDOW_SECONDS). A successful sign-in gives its slots back and clears the
// account's count, so only failures accumulate. Counters live in the database: the limit holds across instances.
import type { Db } from "../db/client";
import { env, type Env } from "../env";
import { consumeAll, releaseAll } from "../rate-limit/consume-all";

export type ThrottleDecision = { allowed: true; keys: string[] } | { allowed: false; retryAfterSeconds: number };

const accountKey = (email: string) => `login:account:${email.trim().toLowerCase()}`;
const addressKey = (address: string) => `login:address:${address}`;

export async function takeLoginAttempt(
  db: Db,
  input: { email: string; address: string },
  now = new Date(),
  config: Env["security"] = env().security,
): Promise<ThrottleDecision> {
  const rules = [
    { key: accountKey(input.email), limit: config.loginMaxAttemptsPerAccount, windowSeconds: config.loginWindowSeconds },
    { key: addressKey(input.address), limit: config.loginMaxAttemptsPerAddress, windowSeconds: config.loginWindowSeconds },
  ];
  const taken = await consumeAll(db, rules, now);
  return taken.allowed ? { allowed: true, keys: rules.map((r) => r.key) } : { allowed: false, retryAfterSeconds: taken.retryAfterSeconds };
}

/** After a correct password: the account starts afresh and the address gets its slot back. */
export async function clearLoginAttempts(db: Db, input: { email: string; address: string }, now = new Date()): Promise<void> {
  await db.rateLimit.updateMany({ where: { key: accountKey(input.email) }, data: { count: 0 } });
  await releaseAll(db, [addressKey(input.address)], now);
}
