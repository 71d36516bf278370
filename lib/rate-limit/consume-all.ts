// Several fixed-window limits taken together: either every rule has a free slot and each spends one, or none is
// spent. One interactive transaction: each step is a conditional UPDATE, and a refusal throws to roll back the
// slots already taken, so a request refused by the floor's cap never uses up the supervisor's own slot. Rows are
// touched in key order so two transactions on PostgreSQL cannot wait on each other in a cycle.
import type { Db } from "../db/client";
import { Prisma } from "../generated/prisma/client";
import type { RateLimitRule } from "./consume-rate-limit";

export type ConsumeAllResult = { allowed: true } | { allowed: false; key: string; retryAfterSeconds: number };

class Refused extends Error {
  constructor(
    readonly key: string,
    readonly retryAfterSeconds: number,
  ) {
    super(`rate limit ${key}`);
  }
}

async function ensureRows(db: Db, rules: RateLimitRule[], now: Date) {
  for (const rule of rules) {
    if (await db.rateLimit.findUnique({ where: { key: rule.key }, select: { key: true } })) continue;
    try {
      // An already-ended window: the first consume below resets it like any expired one.
      await db.rateLimit.create({ data: { key: rule.key, count: 0, windowEnd: now } });
    } catch (err) {
      if (!(err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002")) throw err;
    }
  }
}

export async function consumeAll(db: Db, rules: RateLimitRule[], now = new Date()): Promise<ConsumeAllResult> {
  const ordered = [...rules].sort((a, b) => a.key.localeCompare(b.key));
  await ensureRows(db, ordered, now);
  try {
    await db.$transaction(async (tx) => {
      for (const rule of ordered) {
        const windowEnd = new Date(now.getTime() + rule.windowSeconds * 1000);
        await tx.rateLimit.updateMany({ where: { key: rule.key, windowEnd: { lte: now } }, data: { count: 0, windowEnd } });
        const took = await tx.rateLimit.updateMany({
          where: { key: rule.key, count: { lt: rule.limit } },
          data: { count: { increment: 1 } },
        });
        if (took.count === 1) continue;
        const row = await tx.rateLimit.findUnique({ where: { key: rule.key } });
        const wait = row ? Math.ceil((row.windowEnd.getTime() - now.getTime()) / 1000) : 1;
        throw new Refused(rule.key, Math.max(1, wait));
      }
    }, { maxWait: 10_000, timeout: 10_000 });
  } catch (err) {
    if (err instanceof Refused) return { allowed: false, key: err.key, retryAfterSeconds: err.retryAfterSeconds };
    // No connection free for a transaction (PostgreSQL's small serverless pool under a burst): refuse rather than
    // risk passing a limit; the caller says "try again in a second".
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2028") {
      return { allowed: false, key: ordered[0]?.key ?? "busy", retryAfterSeconds: 1 };
    }
    throw err;
  }
  return { allowed: true };
}

/** Give slots back (the call was not placed after all, or a sign-in succeeded). Never below zero. */
export async function releaseAll(db: Db, keys: string[], now = new Date()): Promise<void> {
  for (const key of keys) {
    await db.rateLimit.updateMany({ where: { key, count: { gt: 0 }, windowEnd: { gt: now } }, data: { count: { decrement: 1 } } });
  }
}
