// How often supervisors may start calls: each one a few per minute, the whole floor a cap per minute and per day,
// so a stuck button or a leaked session cannot run up a telephone bill (30 a minute alone would be 43,200 a day).
// All limits are checked together and a slot is spent on every limit or on none (consume-all.ts); a call that is
// then not placed (Plivo refused it) gives its slots back.
import type { Db } from "../db/client";
import { env } from "../env";
import { consumeAll, releaseAll } from "./consume-all";
import type { RateLimitRule } from "./consume-rate-limit";

export const CALL_START_LIMITS = {
  perSupervisor: { limit: 5, windowSeconds: 60 },
  global: { limit: 30, windowSeconds: 60 },
} as const;

export type CallStartScope = "supervisor" | "global" | "daily";
export type CallStartLimitResult =
  | { allowed: true; keys: string[] }
  | { allowed: false; scope: CallStartScope; retryAfterSeconds: number; limit: number };

const DAY_SECONDS = 24 * 60 * 60;

function rules(supervisorId: string, dailyCap: number): (RateLimitRule & { scope: CallStartScope })[] {
  return [
    { scope: "supervisor", key: `call-start:supervisor:${supervisorId}`, ...CALL_START_LIMITS.perSupervisor },
    { scope: "global", key: "call-start:global", ...CALL_START_LIMITS.global },
    // A fixed 24-hour window from the first call of the window (not a calendar day: no time zone to get wrong).
    { scope: "daily", key: "call-start:daily", limit: dailyCap, windowSeconds: DAY_SECONDS },
  ];
}

export async function consumeCallStart(db: Db, supervisorId: string, now = new Date(), dailyCap = env().security.outboundDailyCap): Promise<CallStartLimitResult> {
  const all = rules(supervisorId, dailyCap);
  const taken = await consumeAll(db, all, now);
  if (taken.allowed) return { allowed: true, keys: all.map((r) => r.key) };
  const refused = all.find((r) => r.key === taken.key) ?? all[0]!;
  return { allowed: false, scope: refused.scope, retryAfterSeconds: taken.retryAfterSeconds, limit: refused.limit };
}

/** The call was not placed after all: its slots go back. */
export async function releaseCallStart(db: Db, keys: string[], now = new Date()): Promise<void> {
  await releaseAll(db, keys, now);
}

export function rateLimitMessage(result: Extract<CallStartLimitResult, { allowed: false }>): string {
  const seconds = result.retryAfterSeconds;
  const wait =
    seconds >= 3600
      ? `Try again in about ${Math.ceil(seconds / 3600)} hours.`
      : `Try again in ${seconds} second${seconds === 1 ? "" : "s"}.`;
  if (result.scope === "supervisor") return `You have started ${result.limit} calls in the last minute, the most allowed per supervisor. ${wait}`;
  if (result.scope === "global") return `The floor has reached its limit of ${result.limit} call starts per minute. ${wait}`;
  return `The floor has placed its daily maximum of ${result.limit} calls (OUTBOUND_DAILY_CAP). ${wait}`;
}

/**
 * A queued callback (#18) is a call the product places too: it takes a slot of the floor's per-minute and daily caps
 * ("start a call" limits), all or none. No supervisor slot: nobody pressed a button.
 */
export async function consumeCallbackStart(db: Db, now = new Date(), dailyCap = env().security.outboundDailyCap): Promise<CallStartLimitResult> {
  const all = rules("callback", dailyCap).filter((r) => r.scope !== "supervisor");
  const taken = await consumeAll(db, all, now);
  if (taken.allowed) return { allowed: true, keys: all.map((r) => r.key) };
  const refused = all.find((r) => r.key === taken.key) ?? all[0]!;
  return { allowed: false, scope: refused.scope, retryAfterSeconds: taken.retryAfterSeconds, limit: refused.limit };
}
