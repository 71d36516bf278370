// The one place the environment is read and validated. Locally every variable has a working default, so the app
// runs with no configuration; in production (Vercel, or APP_ENV=production) secrets must be set and a missing one
// stops start-up with a message naming it. Imported by next.config.ts so a bad environment fails the build/start.
import { IANAZone } from "luxon";
import { z } from "zod";
import { type Skill, skillByNumber } from "./routing/skills";

type Source = Record<string, string | undefined>;

const LOCAL = {
  DATABASE_URL: "file:./prisma/dev.db",
  PLIVO_AUTH_TOKEN: "local-plivo-auth-token",
  PUSHER_APP_ID: "local",
  PUSHER_KEY: "local-key",
  PUSHER_SECRET: "local-secret",
  PUSHER_CLUSTER: "local",
  PUSHER_HOST: "127.0.0.1",
  PUSHER_PORT: 6001,
  AUTH_SECRET: "local-development-auth-secret-not-for-production",
  SUPERVISOR_EMAIL: "supervisor@example.com",
  SUPERVISOR_PASSWORD: "supervisor",
  PORT: 3000,
} as const;

const SECRETS_REQUIRED_IN_PRODUCTION = [
  "DATABASE_URL",
  "PUBLIC_BASE_URL",
  "PLIVO_AUTH_ID",
  "PLIVO_AUTH_TOKEN",
  "PLIVO_FROM_NUMBER",
  "PUSHER_APP_ID",
  "PUSHER_KEY",
  "PUSHER_SECRET",
  "PUSHER_CLUSTER",
  "AUTH_SECRET",
  "SUPERVISOR_EMAIL",
  "SUPERVISOR_PASSWORD",
  "CRON_SECRET",
  "CALL_CENTRE_TIME_ZONE",
] as const;

const DATABASE_SCHEMES = ["file:", "postgres:", "postgresql:"];

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const optionalString = z.preprocess(blankToUndefined, z.string().optional());
const port = (name: string) =>
  z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ error: `${name} must be a port number (1-65535)` })
      .int(`${name} must be a whole number`)
      .min(1, `${name} must be 1-65535`)
      .max(65535, `${name} must be 1-65535`)
      .optional(),
  );

// Routing knobs (lib/routing/README.md documents each). Unset means the documented default.
const positiveNumber = (name: string) =>
  z.preprocess(
    blankToUndefined,
    z.coerce.number({ error: `${name} must be a number` }).positive(`${name} must be greater than 0`).optional(),
  );
const nonNegativeNumber = (name: string) =>
  z.preprocess(
    blankToUndefined,
    z.coerce.number({ error: `${name} must be a number` }).min(0, `${name} must be 0 or more`).optional(),
  );
const wholeNumber = (name: string, min: number) =>
  z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ error: `${name} must be a whole number` })
      .int(`${name} must be a whole number`)
      .min(min, `${name} must be at least ${min}`)
      .optional(),
  );

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

// Production refuses these at their published local values (the code is public, so they are no secrets).
const LOCAL_SECRET_DEFAULTS = ["AUTH_SECRET", "SUPERVISOR_PASSWORD", "PUSHER_SECRET", "PLIVO_AUTH_TOKEN"] as const;
// CRON_SECRET has no local default; these are the values sample configs and tests use.
const KNOWN_CRON_SECRETS = new Set(["local-cron-secret", "local-cron-secret-for-tests", "change-me-change-me"]);
// Recovery bounds (README "Recovery guarantees"): how long a call may go without a webhook before reconcile closes it.
export const RECOVERY_DEFAULTS = {
  ivrStaleMinutes: 10, // in the IVR menus or the queue
  maxCallMinutes: 240, // once an agent is being dialled or talking (no webhooks come during a conversation)
  queueSeenSeconds: 90, // a queued caller counts in line only while its hold loop polls within this
  intervalSeconds: 45, // how often a self-hosted server runs reconcile
} as const;

/**
 * The one normal form of PUBLIC_BASE_URL: lower-case scheme and host, no default port, no trailing slash. Action
 * URLs are built from it and signatures verified against it, so the two can never disagree.
 */
export function normalizeBaseUrl(raw: string): string {
  const u = new URL(raw);
  const path = u.pathname.replace(/\/+$/, "");
  return `${u.protocol}//${u.host}${path}`; // URL already lower-cases scheme/host and drops a default port
}
export const ROUTING_POLICIES = ["score", "longest-idle", "round-robin", "random"] as const;
export type RoutingPolicy = (typeof ROUTING_POLICIES)[number];

const schema = z.object({
  DATABASE_URL: optionalString.refine(
    (v) => v === undefined || DATABASE_SCHEMES.some((s) => v.startsWith(s)),
    { message: `DATABASE_URL must start with one of ${DATABASE_SCHEMES.join(", ")} (e.g. file:./prisma/dev.db)` },
  ),
  PUBLIC_BASE_URL: z.preprocess(
    blankToUndefined,
    z.url({ protocol: /^https?$/, error: "PUBLIC_BASE_URL must be an http(s) URL, e.g. https://ivr.example.com" }).optional(),
  ),
  PLIVO_AUTH_ID: optionalString,
  PLIVO_AUTH_TOKEN: optionalString,
  PLIVO_FROM_NUMBER: z.preprocess(
    blankToUndefined,
    z.string().regex(/^\+?[1-9]\d{6,14}$/, "PLIVO_FROM_NUMBER must be a phone number in E.164, e.g. +14155550100").optional(),
  ),
  PUSHER_APP_ID: optionalString,
  PUSHER_KEY: optionalString,
  PUSHER_SECRET: optionalString,
  PUSHER_CLUSTER: optionalString,
  PUSHER_HOST: optionalString,
  PUSHER_PORT: port("PUSHER_PORT"),
  NEXT_PUBLIC_PUSHER_KEY: optionalString,
  NEXT_PUBLIC_PUSHER_CLUSTER: optionalString,
  NEXT_PUBLIC_PUSHER_HOST: optionalString,
  NEXT_PUBLIC_PUSHER_PORT: port("NEXT_PUBLIC_PUSHER_PORT"),
  AUTH_SECRET: z.preprocess(blankToUndefined, z.string().min(32, "AUTH_SECRET must be at least 32 characters").optional()),
  SUPERVISOR_EMAIL: z.preprocess(blankToUndefined, z.email("SUPERVISOR_EMAIL must be an email address").optional()),
  SUPERVISOR_PASSWORD: z.preprocess(
    blankToUndefined,
    z.string().min(8, "SUPERVISOR_PASSWORD must be at least 8 characters").optional(),
  ),
  PORT: port("PORT"),
  APP_ENV: z.preprocess(blankToUndefined, z.enum(["development", "test", "production"]).optional()),
  VERCEL: optionalString,
  REALTIME_PUBLISH_THREAD: z.preprocess(
    blankToUndefined,
    z.enum(["on", "off"], { error: "REALTIME_PUBLISH_THREAD must be on or off" }).optional(),
  ),
  CRON_SECRET: z.preprocess(blankToUndefined, z.string().min(16, "CRON_SECRET must be at least 16 characters").optional()),
  // Read by lib/log.ts (which must not import this module); validated here so a typo stops start-up.
  LOG_LEVEL: z.preprocess(
    blankToUndefined,
    z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"], { error: "LOG_LEVEL must be fatal, error, warn, info, debug, trace or silent" }).optional(),
  ),
  BENCH_STATIC_XML: z.preprocess(blankToUndefined, z.enum(["0", "1"], { error: "BENCH_STATIC_XML must be 0 or 1" }).optional()),
  // Issue #20: count statements per webhook route and routing decision, served at /bench/statements (npm run bench).
  BENCH_COUNT_STATEMENTS: z.preprocess(blankToUndefined, z.enum(["0", "1"], { error: "BENCH_COUNT_STATEMENTS must be 0 or 1" }).optional()),
  LOG_REDACT_PHONES: z.preprocess(blankToUndefined, z.enum(["0", "1"], { error: "LOG_REDACT_PHONES must be 0 or 1" }).optional()),
  // Security knobs (README, Security). Unset means the defaults in SECURITY_DEFAULTS.
  LOGIN_MAX_ATTEMPTS_PER_ACCOUNT: wholeNumber("LOGIN_MAX_ATTEMPTS_PER_ACCOUNT", 1),
  LOGIN_MAX_ATTEMPTS_PER_ADDRESS: wholeNumber("LOGIN_MAX_ATTEMPTS_PER_ADDRESS", 1),
  LOGIN_WINDOW_SECONDS: wholeNumber("LOGIN_WINDOW_SECONDS", 1),
  OUTBOUND_ALLOWED_CALLING_CODES: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^(\*|\d{1,3}(\s*,\s*\d{1,3})*)$/, "OUTBOUND_ALLOWED_CALLING_CODES must be * or country calling codes, e.g. 1,44,34")
      .optional(),
  ),
  OUTBOUND_ALLOWED_NUMBER_TYPES: z.preprocess(
    blankToUndefined,
    z
      .string()
      .refine(
        (v) => v.split(",").every((t) => (NUMBER_TYPES as readonly string[]).includes(t.trim())),
        `OUTBOUND_ALLOWED_NUMBER_TYPES must be a comma-separated list of ${"FIXED_LINE, MOBILE, ..."} (libphonenumber types)`,
      )
      .optional(),
  ),
  OUTBOUND_DAILY_CAP: wholeNumber("OUTBOUND_DAILY_CAP", 1),
  PLIVO_REPLAY_WINDOW_SECONDS: wholeNumber("PLIVO_REPLAY_WINDOW_SECONDS", 60),
  ROUTING_RECENT_WINDOW_MINUTES: positiveNumber("ROUTING_RECENT_WINDOW_MINUTES"),
  ROUTING_WEIGHT_RECENT_CALLS: nonNegativeNumber("ROUTING_WEIGHT_RECENT_CALLS"),
  ROUTING_WEIGHT_DURATION_MINUTES: nonNegativeNumber("ROUTING_WEIGHT_DURATION_MINUTES"),
  ROUTING_WEIGHT_RATING: nonNegativeNumber("ROUTING_WEIGHT_RATING"),
  ROUTING_RATING_PRIOR_COUNT: nonNegativeNumber("ROUTING_RATING_PRIOR_COUNT"),
  ROUTING_RATING_PRIOR_MEAN: z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ error: "ROUTING_RATING_PRIOR_MEAN must be a number" })
      .min(1, "ROUTING_RATING_PRIOR_MEAN must be 1-4")
      .max(4, "ROUTING_RATING_PRIOR_MEAN must be 1-4")
      .optional(),
  ),
  ROUTING_MAX_QUEUE_WAIT_SECONDS: positiveNumber("ROUTING_MAX_QUEUE_WAIT_SECONDS"),
  ROUTING_MAX_FAILOVERS: wholeNumber("ROUTING_MAX_FAILOVERS", 0),
  ROUTING_MISSES_BEFORE_AWAY: wholeNumber("ROUTING_MISSES_BEFORE_AWAY", 1),
  ROUTING_COACHING_THRESHOLD: nonNegativeNumber("ROUTING_COACHING_THRESHOLD"),
  ROUTING_COACHING_WINDOW: wholeNumber("ROUTING_COACHING_WINDOW", 1),
  ROUTING_COACHING_MIN_RATINGS: wholeNumber("ROUTING_COACHING_MIN_RATINGS", 1),
  ROUTING_DECISION_CANDIDATES: wholeNumber("ROUTING_DECISION_CANDIDATES", 1),
  ROUTING_CACHE_TTL_MS: wholeNumber("ROUTING_CACHE_TTL_MS", 0),
  ROUTING_STALE_QUEUE_GRACE_SECONDS: nonNegativeNumber("ROUTING_STALE_QUEUE_GRACE_SECONDS"),
  // The call centre's zone: every "today", day/hour bucket, date filter and displayed time (lib/dashboard/time.ts).
  CALL_CENTRE_TIME_ZONE: z.preprocess(
    blankToUndefined,
    z
      .string()
      .refine((v) => IANAZone.isValidZone(v), "CALL_CENTRE_TIME_ZONE must be an IANA time zone, e.g. America/New_York")
      .optional(),
  ),
  // Retention (lib/retention/): receipts in hours, the per-call detail tables in days. Calls, feedback and agent
  // statistics are never pruned.
  RETENTION_RECEIPTS_HOURS: wholeNumber("RETENTION_RECEIPTS_HOURS", 1),
  RETENTION_EVENTS_DAYS: wholeNumber("RETENTION_EVENTS_DAYS", 1),
  RETENTION_DECISIONS_DAYS: wholeNumber("RETENTION_DECISIONS_DAYS", 1),
  RETENTION_ASSIGNMENTS_DAYS: wholeNumber("RETENTION_ASSIGNMENTS_DAYS", 1),
  RETENTION_BATCH_SIZE: wholeNumber("RETENTION_BATCH_SIZE", 1),
  RECOVERY_IVR_STALE_MINUTES: positiveNumber("RECOVERY_IVR_STALE_MINUTES"),
  RECOVERY_MAX_CALL_MINUTES: positiveNumber("RECOVERY_MAX_CALL_MINUTES"),
  RECOVERY_QUEUE_SEEN_SECONDS: positiveNumber("RECOVERY_QUEUE_SEEN_SECONDS"),
  RECOVERY_INTERVAL_SECONDS: z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ error: "RECOVERY_INTERVAL_SECONDS must be a number" })
      .min(0, "RECOVERY_INTERVAL_SECONDS must be 0 (off) or 5-600")
      .max(600, "RECOVERY_INTERVAL_SECONDS must be 0 (off) or 5-600")
      .refine((v) => v === 0 || v >= 5, "RECOVERY_INTERVAL_SECONDS must be 0 (off) or 5-600")
      .optional(),
  ),
  // After-call work per agent call (lib/agent-state): 0 turns wrap-up off, at most WRAP_UP_MAX_SECONDS.
  AGENT_WRAP_UP_SECONDS: z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ error: "AGENT_WRAP_UP_SECONDS must be a whole number" })
      .int("AGENT_WRAP_UP_SECONDS must be a whole number")
      .min(0, "AGENT_WRAP_UP_SECONDS must be 0 (off) or more")
      .max(900, "AGENT_WRAP_UP_SECONDS must be at most 900 (15 minutes)")
      .optional(),
  ),
  ROUTING_POLICY: z.preprocess(
    blankToUndefined,
    z.enum(ROUTING_POLICIES, { error: `ROUTING_POLICY must be one of ${ROUTING_POLICIES.join(", ")}` }).optional(),
  ),
  ROUTING_WEIGHT_EXPLORATION: nonNegativeNumber("ROUTING_WEIGHT_EXPLORATION"),
  // #18 voicemail: the longest message a caller may leave (Plivo <Record maxLength>), seconds.
  VOICEMAIL_MAX_SECONDS: z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ error: "VOICEMAIL_MAX_SECONDS must be a whole number" })
      .int("VOICEMAIL_MAX_SECONDS must be a whole number")
      .min(5, "VOICEMAIL_MAX_SECONDS must be 5-3600")
      .max(3600, "VOICEMAIL_MAX_SECONDS must be 5-3600")
      .optional(),
  ),
  // #18 queued callback (README "Callers who cannot wait").
  CALLBACK_MAX_ATTEMPTS: wholeNumber("CALLBACK_MAX_ATTEMPTS", 1),
  CALLBACK_RETRY_DELAY_SECONDS: wholeNumber("CALLBACK_RETRY_DELAY_SECONDS", 0),
  CALLBACK_DIALING_STALE_SECONDS: wholeNumber("CALLBACK_DIALING_STALE_SECONDS", 30),
  CALLBACK_DISPATCH_INTERVAL_SECONDS: wholeNumber("CALLBACK_DISPATCH_INTERVAL_SECONDS", 1),
  CALLBACK_OFFER_AFTER_SECONDS: wholeNumber("CALLBACK_OFFER_AFTER_SECONDS", 0),
  // #19: skills, aging priority, preferred agent
  ROUTING_WEIGHT_SKILL: nonNegativeNumber("ROUTING_WEIGHT_SKILL"),
  ROUTING_SKILL_BY_NUMBER: z.preprocess(blankToUndefined, skillByNumber.optional()),
  ROUTING_PRIORITY_BOOST_SECONDS: nonNegativeNumber("ROUTING_PRIORITY_BOOST_SECONDS"),
  ROUTING_PREFERRED_WAIT_SECONDS: z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ error: "ROUTING_PREFERRED_WAIT_SECONDS must be a number" })
      .min(0, "ROUTING_PREFERRED_WAIT_SECONDS must be 0 or more")
      .max(120, "ROUTING_PREFERRED_WAIT_SECONDS must be at most 120 (a short wait, not a second queue)")
      .optional(),
  ),
  ROUTING_PREFERRED_AGENT: z.preprocess(
    blankToUndefined,
    z.enum(["on", "off"], { error: "ROUTING_PREFERRED_AGENT must be on or off" }).optional(),
  ),
});

export const RETENTION_DEFAULTS = { receiptsHours: 24, eventsDays: 90, decisionsDays: 90, assignmentsDays: 90, batchSize: 200 } as const;

/** The server's own zone (the local default for CALL_CENTRE_TIME_ZONE). */
export function serverTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
}

export type Env = ReturnType<typeof loadEnv>;

export class EnvError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid environment:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "EnvError";
  }
}

export function isProductionSource(source: Source): boolean {
  return source.APP_ENV === "production" || (source.VERCEL ?? "") !== "";
}

/** Validate an environment (process.env by default) and fill in local defaults. Throws EnvError. */
export function loadEnv(source: Source = process.env) {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    throw new EnvError(
      parsed.error.issues.map((i) => {
        const name = String(i.path[0] ?? "environment");
        const value = source[name];
        return i.message.startsWith(name) || i.message.includes(name)
          ? `${i.message}${value !== undefined ? ` (got "${value}")` : ""}`
          : `${name}: ${i.message}`;
      }),
    );
  }
  const e = parsed.data;
  const production = isProductionSource(source);
  if (production) {
    const missing = SECRETS_REQUIRED_IN_PRODUCTION.filter((name) => e[name] === undefined);
    if (missing.length > 0) throw new EnvError(missing.map((name) => `${name} is required in production`));
    const defaults = LOCAL_SECRET_DEFAULTS.filter((name) => e[name] === LOCAL[name]);
    const cron = e.CRON_SECRET !== undefined && KNOWN_CRON_SECRETS.has(e.CRON_SECRET) ? ["CRON_SECRET"] : [];
    const atDefault = [...defaults, ...cron];
    if (atDefault.length > 0) throw new EnvError(atDefault.map((name) => `${name} must not be the local default in production`));
  }

  // #18: no webhook arrives while a caller records, so a recording longer than the IVR staleness bound would be
  // closed by reconcile mid-message.
  const voicemailMaxSeconds = e.VOICEMAIL_MAX_SECONDS ?? 120;
  if (voicemailMaxSeconds >= (e.RECOVERY_IVR_STALE_MINUTES ?? RECOVERY_DEFAULTS.ivrStaleMinutes) * 60) {
    throw new EnvError(["VOICEMAIL_MAX_SECONDS must be shorter than RECOVERY_IVR_STALE_MINUTES (reconcile would close a call that is still recording)"]);
  }

  const portNumber = e.PORT ?? LOCAL.PORT;
  const plivoConfigured = Boolean(e.PLIVO_AUTH_ID && e.PLIVO_AUTH_TOKEN && e.PLIVO_FROM_NUMBER);
  const pusherHost = e.PUSHER_HOST ?? (e.PUSHER_KEY ? undefined : LOCAL.PUSHER_HOST);
  const pusherPort = e.PUSHER_PORT ?? (pusherHost ? LOCAL.PUSHER_PORT : undefined);
  const pusher = {
    appId: e.PUSHER_APP_ID ?? LOCAL.PUSHER_APP_ID,
    key: e.PUSHER_KEY ?? LOCAL.PUSHER_KEY,
    secret: e.PUSHER_SECRET ?? LOCAL.PUSHER_SECRET,
    cluster: e.PUSHER_CLUSTER ?? LOCAL.PUSHER_CLUSTER,
    // Self-hosted (Pusher-protocol) server; undefined means hosted Pusher on the cluster's host over TLS.
    host: pusherHost,
    port: pusherPort,
    useTLS: pusherHost === undefined,
  };
  const browserHost = e.NEXT_PUBLIC_PUSHER_HOST ?? pusher.host;
  return {
    production,
    databaseUrl: e.DATABASE_URL ?? LOCAL.DATABASE_URL,
    publicBaseUrl: normalizeBaseUrl(e.PUBLIC_BASE_URL ?? `http://localhost:${portNumber}`),
    port: portNumber,
    plivo: {
      configured: plivoConfigured,
      authId: e.PLIVO_AUTH_ID,
      // Webhook signatures are checked with this token; locally the built-in simulator signs with the same default.
      authToken: e.PLIVO_AUTH_TOKEN ?? LOCAL.PLIVO_AUTH_TOKEN,
      fromNumber: e.PLIVO_FROM_NUMBER,
    },
    pusher,
    // Send realtime signals from a worker thread (lib/realtime/publish-thread.ts) on a long-running server; off on
    // Vercel, whose functions may be frozen between requests.
    realtimePublishThread: e.REALTIME_PUBLISH_THREAD ? e.REALTIME_PUBLISH_THREAD === "on" : !e.VERCEL,
    // What the browser needs to open the socket: public values only, never the secret.
    pusherClient: {
      key: e.NEXT_PUBLIC_PUSHER_KEY ?? pusher.key,
      cluster: e.NEXT_PUBLIC_PUSHER_CLUSTER ?? pusher.cluster,
      host: browserHost,
      port: e.NEXT_PUBLIC_PUSHER_PORT ?? (browserHost ? (pusher.port ?? LOCAL.PUSHER_PORT) : undefined),
      forceTLS: browserHost === undefined,
    },
    authSecret: e.AUTH_SECRET ?? LOCAL.AUTH_SECRET,
    supervisor: {
      email: e.SUPERVISOR_EMAIL ?? LOCAL.SUPERVISOR_EMAIL,
      password: e.SUPERVISOR_PASSWORD ?? LOCAL.SUPERVISOR_PASSWORD,
    },
    // Bearer token Vercel cron sends to /api/cron/reconcile; unset locally means the endpoint is open.
    cronSecret: e.CRON_SECRET,
    benchStaticXml: e.BENCH_STATIC_XML === "1",
    benchCountStatements: e.BENCH_COUNT_STATEMENTS === "1",
    security: {
      loginMaxAttemptsPerAccount: e.LOGIN_MAX_ATTEMPTS_PER_ACCOUNT ?? SECURITY_DEFAULTS.loginMaxAttemptsPerAccount,
      loginMaxAttemptsPerAddress: e.LOGIN_MAX_ATTEMPTS_PER_ADDRESS ?? SECURITY_DEFAULTS.loginMaxAttemptsPerAddress,
      loginWindowSeconds: e.LOGIN_WINDOW_SECONDS ?? SECURITY_DEFAULTS.loginWindowSeconds,
      outboundAllowedCallingCodes:
        (e.OUTBOUND_ALLOWED_CALLING_CODES ?? SECURITY_DEFAULTS.outboundAllowedCallingCodes) === "*"
          ? ("*" as const)
          : (e.OUTBOUND_ALLOWED_CALLING_CODES ?? "").split(",").map((c) => c.trim()),
      outboundAllowedNumberTypes: e.OUTBOUND_ALLOWED_NUMBER_TYPES
        ? e.OUTBOUND_ALLOWED_NUMBER_TYPES.split(",").map((t) => t.trim())
        : [...SECURITY_DEFAULTS.outboundAllowedNumberTypes],
      outboundDailyCap: e.OUTBOUND_DAILY_CAP ?? SECURITY_DEFAULTS.outboundDailyCap,
      replayWindowSeconds: e.PLIVO_REPLAY_WINDOW_SECONDS ?? SECURITY_DEFAULTS.replayWindowSeconds,
    },
    routing: {
      recentWindowMinutes: e.ROUTING_RECENT_WINDOW_MINUTES ?? ROUTING_DEFAULTS.recentWindowMinutes,
      weightRecentCalls: e.ROUTING_WEIGHT_RECENT_CALLS ?? ROUTING_DEFAULTS.weightRecentCalls,
      weightDurationMinutes: e.ROUTING_WEIGHT_DURATION_MINUTES ?? ROUTING_DEFAULTS.weightDurationMinutes,
      weightRating: e.ROUTING_WEIGHT_RATING ?? ROUTING_DEFAULTS.weightRating,
      ratingPriorCount: e.ROUTING_RATING_PRIOR_COUNT ?? ROUTING_DEFAULTS.ratingPriorCount,
      ratingPriorMean: e.ROUTING_RATING_PRIOR_MEAN ?? ROUTING_DEFAULTS.ratingPriorMean,
      maxQueueWaitSeconds: e.ROUTING_MAX_QUEUE_WAIT_SECONDS ?? ROUTING_DEFAULTS.maxQueueWaitSeconds,
      maxFailovers: e.ROUTING_MAX_FAILOVERS ?? ROUTING_DEFAULTS.maxFailovers,
      missesBeforeAway: e.ROUTING_MISSES_BEFORE_AWAY ?? ROUTING_DEFAULTS.missesBeforeAway,
      coachingThreshold: e.ROUTING_COACHING_THRESHOLD ?? ROUTING_DEFAULTS.coachingThreshold,
      coachingWindow: e.ROUTING_COACHING_WINDOW ?? ROUTING_DEFAULTS.coachingWindow,
      coachingMinRatings: e.ROUTING_COACHING_MIN_RATINGS ?? ROUTING_DEFAULTS.coachingMinRatings,
      decisionCandidates: e.ROUTING_DECISION_CANDIDATES ?? ROUTING_DEFAULTS.decisionCandidates,
      cacheTtlMs: e.ROUTING_CACHE_TTL_MS ?? ROUTING_DEFAULTS.cacheTtlMs,
      staleQueueGraceSeconds: e.ROUTING_STALE_QUEUE_GRACE_SECONDS ?? ROUTING_DEFAULTS.staleQueueGraceSeconds,
      wrapUpSeconds: e.AGENT_WRAP_UP_SECONDS ?? 30,
      policy: (e.ROUTING_POLICY ?? ROUTING_DEFAULTS.policy) as RoutingPolicy,
      weightExploration: e.ROUTING_WEIGHT_EXPLORATION ?? ROUTING_DEFAULTS.weightExploration,
      weightSkill: e.ROUTING_WEIGHT_SKILL ?? ROUTING_DEFAULTS.weightSkill,
      skillByNumber: e.ROUTING_SKILL_BY_NUMBER ?? new Map<string, Skill>(),
      priorityBoostSeconds: e.ROUTING_PRIORITY_BOOST_SECONDS ?? ROUTING_DEFAULTS.priorityBoostSeconds,
      preferredWaitSeconds: e.ROUTING_PREFERRED_WAIT_SECONDS ?? ROUTING_DEFAULTS.preferredWaitSeconds,
      preferredAgent: e.ROUTING_PREFERRED_AGENT ? e.ROUTING_PREFERRED_AGENT === "on" : ROUTING_DEFAULTS.preferredAgent,
    },
    timeZone: e.CALL_CENTRE_TIME_ZONE ?? serverTimeZone(),
    retention: {
      receiptsHours: e.RETENTION_RECEIPTS_HOURS ?? RETENTION_DEFAULTS.receiptsHours,
      eventsDays: e.RETENTION_EVENTS_DAYS ?? RETENTION_DEFAULTS.eventsDays,
      decisionsDays: e.RETENTION_DECISIONS_DAYS ?? RETENTION_DEFAULTS.decisionsDays,
      assignmentsDays: e.RETENTION_ASSIGNMENTS_DAYS ?? RETENTION_DEFAULTS.assignmentsDays,
      batchSize: e.RETENTION_BATCH_SIZE ?? RETENTION_DEFAULTS.batchSize,
    },
    voicemail: {
      maxSeconds: voicemailMaxSeconds,
    },
    recovery: {
      ivrStaleMinutes: e.RECOVERY_IVR_STALE_MINUTES ?? RECOVERY_DEFAULTS.ivrStaleMinutes,
      maxCallMinutes: e.RECOVERY_MAX_CALL_MINUTES ?? RECOVERY_DEFAULTS.maxCallMinutes,
      queueSeenSeconds: e.RECOVERY_QUEUE_SEEN_SECONDS ?? RECOVERY_DEFAULTS.queueSeenSeconds,
      intervalSeconds: e.RECOVERY_INTERVAL_SECONDS ?? RECOVERY_DEFAULTS.intervalSeconds,
    },
    callback: {
      maxAttempts: e.CALLBACK_MAX_ATTEMPTS ?? CALLBACK_DEFAULTS.maxAttempts,
      retryDelaySeconds: e.CALLBACK_RETRY_DELAY_SECONDS ?? CALLBACK_DEFAULTS.retryDelaySeconds,
      dialingStaleSeconds: e.CALLBACK_DIALING_STALE_SECONDS ?? CALLBACK_DEFAULTS.dialingStaleSeconds,
      dispatchIntervalSeconds: e.CALLBACK_DISPATCH_INTERVAL_SECONDS ?? CALLBACK_DEFAULTS.dispatchIntervalSeconds,
      offerAfterSeconds: e.CALLBACK_OFFER_AFTER_SECONDS ?? CALLBACK_DEFAULTS.offerAfterSeconds,
    },
  };
}

let cached: Env | undefined;

/** The validated environment of this process, parsed once. */
export function env(): Env {
  cached ??= loadEnv(process.env);
  return cached;
}
