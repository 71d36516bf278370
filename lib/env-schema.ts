// The schema of every variable lib/env.ts reads: types, ranges and messages that name the variable. Defaults are
// applied by loadEnv (lib/env-defaults.ts), so an unset variable parses as undefined here.
import { IANAZone } from "luxon";
import { z } from "zod";
import { NUMBER_TYPES, ROUTING_POLICIES } from "./env-defaults";
import { blankToUndefined, nonNegativeNumber, optionalString, port, positiveNumber, wholeNumber } from "./env-fields";
import { skillByNumber } from "./routing/skills";

const DATABASE_SCHEMES = ["file:", "postgres:", "postgresql:"];

export const envSchema = z.object({
  DATABASE_URL: optionalString.refine(
    (v) => v === undefined || DATABASE_SCHEMES.some((s) => v.startsWith(s)),
    { message: `DATABASE_URL must start with one of ${DATABASE_SCHEMES.join(", ")} (e.g. file:./prisma/dev.db)` },
  ),
  // PostgreSQL only: connections each server process may open (lib/db/client.ts). README "PostgreSQL over a network".
  DATABASE_POOL_SIZE: z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ error: "DATABASE_POOL_SIZE must be a whole number" })
      .int("DATABASE_POOL_SIZE must be a whole number")
      .min(1, "DATABASE_POOL_SIZE must be 1-100")
      .max(100, "DATABASE_POOL_SIZE must be 1-100")
      .optional(),
  ),
  // PostgreSQL only: named prepared statements (lib/db/prepared-pool.ts); only for a direct connection or a pooler
  // that tracks them (PgBouncer >= 1.21 with max_prepared_statements > 0).
  DATABASE_PREPARED_STATEMENTS: z.preprocess(
    blankToUndefined,
    z.enum(["0", "1"], { error: "DATABASE_PREPARED_STATEMENTS must be 0 or 1" }).optional(),
  ),
  // SQLite only: "on" copies the WAL into the database file on a thread of its own (lib/db/wal-checkpointer.ts), off
  // the server's event loop; "off" leaves it to SQLite's auto-checkpoint, inside a commit on the server's thread.
  SQLITE_CHECKPOINT_THREAD: z.preprocess(
    blankToUndefined,
    z.enum(["on", "off"], { error: "SQLITE_CHECKPOINT_THREAD must be on or off" }).optional(),
  ),
  // Plivo webhooks one server process runs at once (lib/ivr/admission.ts); the rest wait their turn in arrival order.
  // Default and 0: no limit. README "PostgreSQL over a network", sixth pass.
  WEBHOOK_CONCURRENCY: z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ error: "WEBHOOK_CONCURRENCY must be a whole number" })
      .int("WEBHOOK_CONCURRENCY must be a whole number")
      .min(0, "WEBHOOK_CONCURRENCY must be 0-1000 (0: no limit)")
      .max(1000, "WEBHOOK_CONCURRENCY must be 0-1000 (0: no limit)")
      .optional(),
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
