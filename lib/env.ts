// The one place the environment is read and validated. Locally every variable has a working default, so the app
// runs with no configuration; in production (Vercel, or APP_ENV=production) secrets must be set and a missing one
// stops start-up with a message naming it. Imported by next.config.ts so a bad environment fails the build/start.
// The schema is lib/env-schema.ts, the defaults lib/env-defaults.ts; this file applies them and the production rules.
import type { Skill } from "./routing/skills";
import { CALLBACK_DEFAULTS, DEFAULT_PG_POOL_SIZE, DEFAULT_PG_POOL_SIZE_SERVER, DEFAULT_WEBHOOK_CONCURRENCY, RECOVERY_DEFAULTS, RETENTION_DEFAULTS, ROUTING_DEFAULTS, SECURITY_DEFAULTS, type RoutingPolicy } from "./env-defaults";
import { envSchema } from "./env-schema";

export * from "./env-defaults";

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

// Production refuses these at their published local values (the code is public, so they are no secrets).
const LOCAL_SECRET_DEFAULTS = ["AUTH_SECRET", "SUPERVISOR_PASSWORD", "PUSHER_SECRET", "PLIVO_AUTH_TOKEN"] as const;
// CRON_SECRET has no local default; these are the values sample configs and tests use.
const KNOWN_CRON_SECRETS = new Set(["local-cron-secret", "local-cron-secret-for-tests", "change-me-change-me"]);

/**
 * The one normal form of PUBLIC_BASE_URL: lower-case scheme and host, no default port, no trailing slash. Action
 * URLs are built from it and signatures verified against it, so the two can never disagree.
 */
export function normalizeBaseUrl(raw: string): string {
  const u = new URL(raw);
  const path = u.pathname.replace(/\/+$/, "");
  return `${u.protocol}//${u.host}${path}`; // URL already lower-cases scheme/host and drops a default port
}


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
  const parsed = envSchema.safeParse(source);
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
    databasePoolSize: e.DATABASE_POOL_SIZE ?? (e.VERCEL ? DEFAULT_PG_POOL_SIZE : DEFAULT_PG_POOL_SIZE_SERVER),
    databasePreparedStatements: e.DATABASE_PREPARED_STATEMENTS === "1",
    sqliteCheckpointThread: e.SQLITE_CHECKPOINT_THREAD !== "off",
    webhookConcurrency: e.WEBHOOK_CONCURRENCY ?? DEFAULT_WEBHOOK_CONCURRENCY,
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
