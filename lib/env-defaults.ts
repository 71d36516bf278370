// The documented defaults of every tunable variable lib/env.ts reads (README "Configuration"): routing, security,
// recovery, retention and callbacks. Unset (or blank) means the value here.

// #18 queued callback: attempts when nobody (or a machine) answers, the delay between them, how long a callback may
// sit DIALING with no answer or hangup before reconcile counts the attempt as failed, and the dispatcher's period.
export const CALLBACK_DEFAULTS = {
  maxAttempts: 3,
  retryDelaySeconds: 120,
  dialingStaleSeconds: 180,
  dispatchIntervalSeconds: 5,
  offerAfterSeconds: 0, // the hold loop offers a callback or voicemail once the estimated wait reaches this
} as const;

export const ROUTING_DEFAULTS = {
  recentWindowMinutes: 60,
  weightRecentCalls: 10,
  weightDurationMinutes: 1,
  // The seed's formula. The routing lab (docs/lab/README.md) also measured rating weight 20 with exploration 10: no
  // reliable CSAT gain over longest-idle across seeds, so the default stays the product's documented score.
  weightRating: 5,
  ratingPriorCount: 3,
  ratingPriorMean: 2.5,
  maxQueueWaitSeconds: 300,
  maxFailovers: 2,
  missesBeforeAway: 3,
  coachingThreshold: 2,
  coachingWindow: 10,
  coachingMinRatings: 3,
  decisionCandidates: 5,
  cacheTtlMs: 2000,
  staleQueueGraceSeconds: 120,
  // #19: how candidates are ordered ("score" is the formula above; the others are the baselines the lab compares).
  policy: "score",
  weightExploration: 0, // > 0 adds an upper-confidence bonus for agents with few ratings (lib/routing/score.ts)
  // #19 skills, aging priority, preferred agent (lib/routing/README.md). Each at 0 / off leaves the order as before.
  weightSkill: 2, // score points per proficiency level (1-5) in the skill the caller needs
  priorityBoostSeconds: 60, // a priority-3 caller's place in line is 3 minutes earlier than their arrival
  // How long a returning caller waits for the agent they last rated 3-4 when that agent is busy. 0: only when free.
  // The lab measured a 20 s wait costing 2.5-15 pp of service level in every scenario for no reliable CSAT gain.
  preferredWaitSeconds: 0,
  preferredAgent: true,
} as const;

// libphonenumber-js number types (parsePhoneNumber(...).getType()); the outbound allow-list names some of them.
export const NUMBER_TYPES = [
  "FIXED_LINE",
  "MOBILE",
  "FIXED_LINE_OR_MOBILE",
  "TOLL_FREE",
  "VOIP",
  "PREMIUM_RATE",
  "SHARED_COST",
  "PERSONAL_NUMBER",
  "PAGER",
  "UAN",
  "VOICEMAIL",
] as const;

export const SECURITY_DEFAULTS = {
  loginMaxAttemptsPerAccount: 5,
  loginMaxAttemptsPerAddress: 20,
  loginWindowSeconds: 15 * 60,
  // Any country; non-geographic codes (satellite, international networks) only when listed explicitly.
  outboundAllowedCallingCodes: "*",
  // Premium-rate, shared-cost, personal, UAN, pager and voicemail numbers are refused unless listed here.
  outboundAllowedNumberTypes: ["FIXED_LINE", "MOBILE", "FIXED_LINE_OR_MOBILE", "TOLL_FREE", "VOIP"],
  outboundDailyCap: 300,
  // Plivo retries a callback once by default and at most 5 times, each after up to 2 s connect + 40 s read.
  replayWindowSeconds: 10 * 60,
} as const;

// Recovery bounds (README "Recovery guarantees"): how long a call may go without a webhook before reconcile closes it.
export const RECOVERY_DEFAULTS = {
  ivrStaleMinutes: 10, // in the IVR menus or the queue
  maxCallMinutes: 240, // once an agent is being dialled or talking (no webhooks come during a conversation)
  queueSeenSeconds: 90, // a queued caller counts in line only while its hold loop polls within this
  intervalSeconds: 45, // how often a self-hosted server runs reconcile
} as const;

export const ROUTING_POLICIES = ["score", "longest-idle", "round-robin", "random"] as const;
export type RoutingPolicy = (typeof ROUTING_POLICIES)[number];

export const RETENTION_DEFAULTS = { receiptsHours: 24, eventsDays: 90, decisionsDays: 90, assignmentsDays: 90, batchSize: 200 } as const;

/** PostgreSQL connections per server process unless DATABASE_POOL_SIZE says otherwise, on Vercel: small, because many
 * short-lived instances each hold a few (use a pooler URL there). */
export const DEFAULT_PG_POOL_SIZE = 5;
/** The same for a long-running server (next start, npm run serve), which carries every call on its one pool: at 50
 * concurrent callers over a 2.5 ms hop, 5 connections held statements queued (`npm run bench`: 14.7-16.2 calls/s at 5,
 * 20.3 at 10; README "PostgreSQL over a network"). node-postgres's own default. */
export const DEFAULT_PG_POOL_SIZE_SERVER = 10;

/** Plivo webhooks one server process runs at once unless WEBHOOK_CONCURRENCY says otherwise; 0: no limit. At 50 callers
 * on PostgreSQL over a 2.5 ms hop (`npm run bench`), 8 against none: routing decision p99 48-52 ms instead of 201-250,
 * webhook p99 266-284 instead of 341-366, but 7 % fewer calls/s (16 was worse than 8 on all three). The gate only binds
 * when the server is saturated, and there real callers keep arriving whatever the latency, so the capacity matters
 * more: off by default. Session 12 (faster machine): 6 met a decision p99 under 25 ms and a webhook p99 under 250 in
 * all 5 runs, for 13-16 % fewer calls/s than none. README "PostgreSQL over a network", sixth and eighth passes. */
export const DEFAULT_WEBHOOK_CONCURRENCY = 0;
