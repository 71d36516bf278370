// The one place the environment is read and validated. Locally every variable has a working default, so the app
// runs with no configuration; in production (Vercel, or APP_ENV=production) secrets must be set and a missing one
// stops start-up with a message naming it. Imported by next.config.ts so a bad environment fails the build/start.
import { IANAZone } from "luxon";
import { z } from "zod";

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

export const ROUTING_DEFAULTS = {
  recentWindowMinutes: 60,
  weightRecentCalls: 10,
  weightDurationMinutes: 1,
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
} as const;

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
    if (e.AUTH_SECRET === LOCAL.AUTH_SECRET) throw new EnvError(["AUTH_SECRET must not be the local default"]);
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
    publicBaseUrl: (e.PUBLIC_BASE_URL ?? `http://localhost:${portNumber}`).replace(/\/+$/, ""),
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
    },
    timeZone: e.CALL_CENTRE_TIME_ZONE ?? serverTimeZone(),
    retention: {
      receiptsHours: e.RETENTION_RECEIPTS_HOURS ?? RETENTION_DEFAULTS.receiptsHours,
      eventsDays: e.RETENTION_EVENTS_DAYS ?? RETENTION_DEFAULTS.eventsDays,
      decisionsDays: e.RETENTION_DECISIONS_DAYS ?? RETENTION_DEFAULTS.decisionsDays,
      assignmentsDays: e.RETENTION_ASSIGNMENTS_DAYS ?? RETENTION_DEFAULTS.assignmentsDays,
      batchSize: e.RETENTION_BATCH_SIZE ?? RETENTION_DEFAULTS.batchSize,
    },
  };
}

let cached: Env | undefined;

/** The validated environment of this process, parsed once. */
export function env(): Env {
  cached ??= loadEnv(process.env);
  return cached;
}
