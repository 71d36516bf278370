// Preferred agent (#19): a returning caller goes to the agent they last rated 3 or 4 (Customer.lastAgentId and
// lastRating, written by recordDialResult and recordRating) when that agent is free, or waits for them while they
// finish a call, for at most ROUTING_PREFERRED_WAIT_SECONDS of queue time (from Call.queuedAt, which is stamped with
// the routing clock; Call.routedAt is wall-clock and would break a virtual clock such as the lab's). After
// that, or when the agent cannot take this caller at all (not ready, offline, another language, missing the skill,
// already tried on this call), normal routing decides. The decision records the reason ("preferred agent").
import type { Db } from "../db/client";
import { direct } from "../db/direct";
import { Prisma } from "../db/sql";
import type { AgentStatus } from "../generated/prisma/enums";
import type { RoutingConfig } from "./config";

export type PreferredConfig = Pick<RoutingConfig, "preferredAgent" | "preferredWaitSeconds">;

/** The agent a returning caller prefers: the last one they rated 3 or 4 (the CSAT "satisfied" ratings). */
export function preferredAgentOf(
  customer: { lastAgentId: string | null; lastRating: number | null } | null,
  cfg: PreferredConfig,
): string | null {
  if (!cfg.preferredAgent || !customer?.lastAgentId) return null;
  const rating = customer.lastRating == null ? null : Number(customer.lastRating);
  return rating === 3 || rating === 4 ? customer.lastAgentId : null;
}

/** Where the preferred agent stands for this call: free to claim, on a call (frees up soon), or no use to it. */
export type PreferredState = "claimable" | "busy" | "ineligible";

/**
 * claim: take the preferred agent now. wait: queue the caller for them (only while waited < the configured wait).
 * skip: route normally. A preferred agent therefore never delays a caller by more than preferredWaitSeconds.
 */
export function preferredStep(state: PreferredState, waitedSeconds: number, cfg: PreferredConfig): "claim" | "wait" | "skip" {
  if (!cfg.preferredAgent) return "skip";
  if (state === "claimable") return "claim";
  if (state === "busy" && waitedSeconds < cfg.preferredWaitSeconds) return "wait";
  return "skip";
}

/** Seconds the caller has waited in the queue (since Call.queuedAt); 0 for a caller not queued yet. */
export function secondsSince(queuedAt: Date | null, now: Date): number {
  return queuedAt ? Math.max(0, (now.getTime() - queuedAt.getTime()) / 1000) : 0;
}

/** Read the preferred agent: can they take a caller of this language (and skill), and are they free now? */
export async function preferredAgentState(
  db: Db,
  input: { agentId: string; languageCode: string; skill: string | null },
  now: Date,
): Promise<{ state: PreferredState; proficiency: number | null }> {
  const skillColumn = input.skill
    ? Prisma.sql`(SELECT k."proficiency" FROM "AgentSkill" k WHERE k."agentId" = a."id" AND k."skill" = ${input.skill})`
    : Prisma.sql`NULL`;
  const [row] = await direct(db).$queryRaw<
    Array<{ status: AgentStatus; wrapUpUntil: Date | null; speaks: number | bigint; proficiency: number | bigint | null }>
  >`
    SELECT a."status", a."wrapUpUntil",
      (SELECT COUNT(*) FROM "AgentLanguage" l WHERE l."agentId" = a."id" AND l."languageCode" = ${input.languageCode}) AS "speaks",
      ${skillColumn} AS "proficiency"
    FROM "Agent" a WHERE a."id" = ${input.agentId}`;
  if (!row || Number(row.speaks) === 0) return { state: "ineligible", proficiency: null };
  const proficiency = row.proficiency == null ? null : Number(row.proficiency);
  if (input.skill && proficiency === null) return { state: "ineligible", proficiency };
  const wrapUpOver = row.status === "WRAP_UP" && row.wrapUpUntil !== null && row.wrapUpUntil.getTime() <= now.getTime();
  if (row.status === "AVAILABLE" || wrapUpOver) return { state: "claimable", proficiency };
  if (row.status === "BUSY" || row.status === "WRAP_UP") return { state: "busy", proficiency };
  return { state: "ineligible", proficiency }; // NOT_READY or OFFLINE: not coming back within a short wait
}
