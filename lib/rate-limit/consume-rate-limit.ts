// Fixed-window rate limiting on the RateLimit table, so the limit holds across server instances. Every step is a
// single conditional statement (no read-then-write), so concurrent requests cannot both take the last slot.
import type { Db } from "../db/client";
import { Prisma } from "../generated/prisma/client";

export type RateLimitRule = { key: string; limit: number; windowSeconds: number };
export type RateLimitResult = { allowed: true; remaining: number } | { allowed: false; retryAfterSeconds: number };

export async function consumeRateLimit(db: Db, rule: RateLimitRule, now = new Date()): Promise<RateLimitResult> {
  const windowEnd = new Date(now.getTime() + rule.windowSeconds * 1000);
  for (let attempt = 0; attempt < 3; attempt++) {
    // 1. A slot in the current window.
    const inWindow = await db.rateLimit.updateMany({
      where: { key: rule.key, windowEnd: { gt: now }, count: { lt: rule.limit } },
      data: { count: { increment: 1 } },
    });
    if (inWindow.count === 1) return { allowed: true, remaining: await remaining(db, rule) };
    // 2. The window has passed: start a new one (only one racer wins the reset).
    const reset = await db.rateLimit.updateMany({ where: { key: rule.key, windowEnd: { lte: now } }, data: { count: 1, windowEnd } });
    if (reset.count === 1) return { allowed: true, remaining: rule.limit - 1 };
    const row = await db.rateLimit.findUnique({ where: { key: rule.key } });
    if (row) {
      // The window is live and full (or a racer just reset it: go round again).
      if (row.windowEnd > now && row.count >= rule.limit) {
        return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((row.windowEnd.getTime() - now.getTime()) / 1000)) };
      }
      continue;
    }
    // 3. First use of this key.
    try {
      await db.rateLimit.create({ data: { key: rule.key, count: 1, windowEnd } });
      return { allowed: true, remaining: rule.limit - 1 };
    } catch (err) {
      if (!(err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002")) throw err;
      // Another request created it first: retry against the row.
    }
  }
  // Persistent contention: refuse rather than risk exceeding the limit.
  return { allowed: false, retryAfterSeconds: 1 };
}

async function remaining(db: Db, rule: RateLimitRule): Promise<number> {
  const row = await db.rateLimit.findUnique({ where: { key: rule.key } });
  return Math.max(0, rule.limit - (row?.count ?? 0));
}
