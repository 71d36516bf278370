// Estimated wait time for a caller in a language's queue (#18). Method (README "Callers who cannot wait"):
//
//   time per departure = recent handle time / serving agents
//   estimate           = (position - 0.5) × time per departure, bounded to [0, WAIT_ESTIMATE_MAX_SECONDS]
//
// - recent handle time: mean talk seconds of this language's agent calls that ended in the last
//   WAIT_ESTIMATE_WINDOW_MINUTES, plus the configured wrap-up (an agent takes the next caller only after it); with
//   fewer than MIN_RECENT_CALLS such calls, the all-time average of the serving agents (Agent.avgCallDuration), and
//   DEFAULT_HANDLE_SECONDS before anyone has talked.
// - serving agents: agents of the language who are staffed (AVAILABLE, BUSY or WRAP_UP; not NOT_READY or OFFLINE).
//   With none, there is no honest estimate: null, and the caller hears only their position.
// Why this and not the observed queue-exit rate: exits only measure capacity while the queue stayed non-empty, so
// after a lull they overstate the wait; handle time × staffing does not depend on recent arrivals. With exponential
// service N busy agents free up one every AHT/N on average; the head of the line waits part of one such interval
// (HEAD_START below) and each place ahead adds another: (position - 0.5) × AHT/N.
//
// Hot path: computed on every queue poll, so the inputs are one aggregate statement per language, cached per
// process for STATS_TTL_MS (the estimate itself is arithmetic on the cached row).
import type { Db } from "../db/client";
import { direct } from "../db/direct";
import { perDbCache } from "../db/per-db-cache";
import { toCount } from "../db/sql";
import { type RoutingConfig, resolveConfig } from "./config";

export const WAIT_ESTIMATE_WINDOW_MINUTES = 30;
export const WAIT_ESTIMATE_MAX_SECONDS = 60 * 60;
export const MIN_RECENT_CALLS = 5;
export const DEFAULT_HANDLE_SECONDS = 180;
export const STATS_TTL_MS = 5_000;
/**
 * The caller at the head of the line waits, on average, about half a departure interval for the next agent to free
 * up (a caller arrives at a random moment between departures), then each place ahead adds one interval: so
 * (position - 0.5) intervals. Pure position × interval over-estimated by about half an interval in `npm run
 * bench:wait` (bias +17 to +44 s per scenario); with the half interval the bias is within a few seconds on three of
 * the four scenarios (README "Callers who cannot wait").
 */
export const HEAD_START = 0.5;

export type QueueStats = { servingAgents: number; recentCalls: number; recentTalkSeconds: number; allTimeAvgSeconds: number | null };
export type WaitEstimate = { seconds: number; perDepartureSeconds: number; servingAgents: number; basis: "recent" | "all-time" | "default" };

const cache = perDbCache<QueueStats>(STATS_TTL_MS);

/** The inputs of the estimate for one language: one statement, three scalar subqueries. */
export async function loadQueueStats(db: Db, languageCode: string, now: Date): Promise<QueueStats> {
  const since = new Date(now.getTime() - WAIT_ESTIMATE_WINDOW_MINUTES * 60_000);
  // startedAt bounds the scan through the (languageCode, startedAt, id) index: a call that ended in the window
  // started at most a day before it.
  const startedSince = new Date(since.getTime() - 24 * 60 * 60_000);
  const [row] = await direct(db).$queryRaw<
    Array<{ agents: bigint | number; calls: bigint | number; talk: bigint | number | null; allTime: number | null }>
  >`
    SELECT
      (SELECT COUNT(*) FROM "Agent" g JOIN "AgentLanguage" l ON l."agentId" = g."id"
        WHERE l."languageCode" = ${languageCode} AND g."status" IN (${"AVAILABLE"}, ${"BUSY"}, ${"WRAP_UP"})) AS "agents",
      (SELECT COUNT(*) FROM "Call"
        WHERE "languageCode" = ${languageCode} AND "startedAt" >= ${startedSince} AND "agentEndedAt" >= ${since}
          AND "agentTalkSeconds" IS NOT NULL) AS "calls",
      (SELECT SUM("agentTalkSeconds") FROM "Call"
        WHERE "languageCode" = ${languageCode} AND "startedAt" >= ${startedSince} AND "agentEndedAt" >= ${since}
          AND "agentTalkSeconds" IS NOT NULL) AS "talk",
      (SELECT AVG(g."avgCallDuration") FROM "Agent" g JOIN "AgentLanguage" l ON l."agentId" = g."id"
        WHERE l."languageCode" = ${languageCode} AND g."totalCalls" > 0) AS "allTime"`;
  return {
    servingAgents: toCount(row?.agents),
    recentCalls: toCount(row?.calls),
    recentTalkSeconds: Number(row?.talk ?? 0),
    allTimeAvgSeconds: row?.allTime === null || row?.allTime === undefined ? null : Number(row.allTime),
  };
}

/** loadQueueStats, shared by every poll of the language for STATS_TTL_MS. */
export function cachedQueueStats(db: Db, languageCode: string, now = new Date()): Promise<QueueStats> {
  return cache.get(db, languageCode, now.getTime(), () => loadQueueStats(db, languageCode, now));
}

/** Drops the cached stats (as clearPools does for the heaps): for a floor changed behind the process's back. */
export function forgetQueueStats(db: Db): void {
  cache.forget(db);
}

/** Pure: the estimate for a caller at `position` (1 = next) from the language's stats. */
export function estimateFromStats(position: number, stats: QueueStats, cfg: Pick<RoutingConfig, "wrapUpSeconds">): WaitEstimate | null {
  if (stats.servingAgents <= 0 || position < 1) return null;
  const [talk, basis] =
    stats.recentCalls >= MIN_RECENT_CALLS
      ? [stats.recentTalkSeconds / stats.recentCalls, "recent" as const]
      : stats.allTimeAvgSeconds !== null && stats.allTimeAvgSeconds > 0
        ? [stats.allTimeAvgSeconds, "all-time" as const]
        : [DEFAULT_HANDLE_SECONDS, "default" as const];
  const perDepartureSeconds = (talk + cfg.wrapUpSeconds) / stats.servingAgents;
  const seconds = Math.round(Math.min(WAIT_ESTIMATE_MAX_SECONDS, Math.max(0, (position - HEAD_START) * perDepartureSeconds)));
  return { seconds, perDepartureSeconds, servingAgents: stats.servingAgents, basis };
}

export async function estimateWait(
  db: Db,
  input: { languageCode: string; position: number },
  opts: { now?: Date; config?: Partial<RoutingConfig> } = {},
): Promise<WaitEstimate | null> {
  const stats = await cachedQueueStats(db, input.languageCode, opts.now);
  return estimateFromStats(input.position, stats, resolveConfig(opts.config));
}

/** How the estimate is spoken: whole minutes, "less than a minute" under 60 s, capped (prompts render the words). */
export type SpokenWait = { kind: "under-a-minute" } | { kind: "minutes"; minutes: number } | { kind: "over"; minutes: number };
export const SPOKEN_CAP_MINUTES = 30;

export function spokenWait(seconds: number): SpokenWait {
  if (seconds < 60) return { kind: "under-a-minute" };
  const minutes = Math.round(seconds / 60);
  return minutes > SPOKEN_CAP_MINUTES ? { kind: "over", minutes: SPOKEN_CAP_MINUTES } : { kind: "minutes", minutes };
}

/**
 * Whether the hold loop offers a callback and voicemail now (#18): once the caller's estimated wait reaches
 * CALLBACK_OFFER_AFTER_SECONDS (0: from the first announcement), and always when no estimate can be given (nobody
 * staffed: the wait is unknown, so the caller is not kept from the alternatives).
 */
export function offersAlternatives(estimateSeconds: number | null, offerAfterSeconds: number): boolean {
  return estimateSeconds === null || estimateSeconds >= offerAfterSeconds;
}
