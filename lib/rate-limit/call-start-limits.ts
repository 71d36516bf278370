// How often supervisors may start calls: each one a few per minute, and the whole floor a cap, so a stuck button
// or a leaked session cannot run up a telephone bill.
import type { Db } from "../db/client";
import { consumeRateLimit } from "./consume-rate-limit";

export const CALL_START_LIMITS = {
  perSupervisor: { limit: 5, windowSeconds: 60 },
  global: { limit: 30, windowSeconds: 60 },
} as const;

export type CallStartLimitResult = { allowed: true } | { allowed: false; scope: "supervisor" | "global"; retryAfterSeconds: number };

export async function consumeCallStart(db: Db, supervisorId: string, now = new Date()): Promise<CallStartLimitResult> {
  const mine = await consumeRateLimit(db, { key: `call-start:supervisor:${supervisorId}`, ...CALL_START_LIMITS.perSupervisor }, now);
  if (!mine.allowed) return { allowed: false, scope: "supervisor", retryAfterSeconds: mine.retryAfterSeconds };
  const all = await consumeRateLimit(db, { key: "call-start:global", ...CALL_START_LIMITS.global }, now);
  if (!all.allowed) return { allowed: false, scope: "global", retryAfterSeconds: all.retryAfterSeconds };
  return { allowed: true };
}

export function rateLimitMessage(result: Extract<CallStartLimitResult, { allowed: false }>): string {
  const wait = `Try again in ${result.retryAfterSeconds} second${result.retryAfterSeconds === 1 ? "" : "s"}.`;
  return result.scope === "supervisor"
    ? `You have started ${CALL_START_LIMITS.perSupervisor.limit} calls in the last minute, the most allowed per supervisor. ${wait}`
    : `The floor has reached its limit of ${CALL_START_LIMITS.global.limit} call starts per minute. ${wait}`;
}
