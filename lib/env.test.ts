import { describe, expect, it } from "vitest";
import { PRODUCTION_ENV } from "../tests/support/env-fixtures";
import { EnvError, loadEnv } from "./env";
import { DEFAULT_WEBHOOK_CONCURRENCY } from "./env-defaults";

/** A complete production environment on Vercel (APP_ENV is implied by VERCEL). */
const { APP_ENV: _appEnv, ...productionSecrets } = PRODUCTION_ENV;
const VERCEL_ENV = { ...productionSecrets, VERCEL: "1" };

describe("loadEnv", () => {
  it("runs with no configuration on local defaults (simulator, local Pusher, SQLite)", () => {
    const e = loadEnv({});
    expect(e.databaseUrl).toBe("file:./prisma/dev.db");
    expect(e.port).toBe(3000);
    expect(e.publicBaseUrl).toBe("http://localhost:3000");
    expect(e.plivo.configured).toBe(false);
    expect(e.pusher.host).toBe("127.0.0.1");
    expect(e.pusher.useTLS).toBe(false);
    expect(e.production).toBe(false);
    expect(e.databasePoolSize).toBe(10); // a long-running server carries every call on its one pool
  });

  it("takes the PostgreSQL pool size from DATABASE_POOL_SIZE; on Vercel a small default (many instances)", () => {
    expect(loadEnv({ DATABASE_POOL_SIZE: "20" }).databasePoolSize).toBe(20);
    expect(loadEnv(VERCEL_ENV).databasePoolSize).toBe(5);
    expect(loadEnv({ ...VERCEL_ENV, DATABASE_POOL_SIZE: "3" }).databasePoolSize).toBe(3);
  });

  it("sends unnamed statements unless DATABASE_PREPARED_STATEMENTS=1 (a transaction-mode pooler may not follow named ones)", () => {
    expect(loadEnv({}).databasePreparedStatements).toBe(false);
    expect(loadEnv(VERCEL_ENV).databasePreparedStatements).toBe(false);
    expect(loadEnv({ DATABASE_PREPARED_STATEMENTS: "0" }).databasePreparedStatements).toBe(false);
    expect(loadEnv({ DATABASE_PREPARED_STATEMENTS: "1" }).databasePreparedStatements).toBe(true);
  });

  it("checkpoints SQLite's WAL on a thread of its own unless SQLITE_CHECKPOINT_THREAD=off", () => {
    expect(loadEnv({}).sqliteCheckpointThread).toBe(true);
    expect(loadEnv({ SQLITE_CHECKPOINT_THREAD: "on" }).sqliteCheckpointThread).toBe(true);
    expect(loadEnv({ SQLITE_CHECKPOINT_THREAD: "off" }).sqliteCheckpointThread).toBe(false);
  });

  it("admits Plivo webhooks without a limit unless WEBHOOK_CONCURRENCY sets one", () => {
    expect(loadEnv({}).webhookConcurrency).toBe(0);
    expect(DEFAULT_WEBHOOK_CONCURRENCY).toBe(0);
    expect(loadEnv({ WEBHOOK_CONCURRENCY: "8" }).webhookConcurrency).toBe(8);
    expect(loadEnv({ WEBHOOK_CONCURRENCY: "0" }).webhookConcurrency).toBe(0);
  });

  it.each([
    [{ WEBHOOK_CONCURRENCY: "-1" }, /WEBHOOK_CONCURRENCY must be 0-1000/],
    [{ WEBHOOK_CONCURRENCY: "1.5" }, /WEBHOOK_CONCURRENCY must be a whole number/],
    [{ WEBHOOK_CONCURRENCY: "lots" }, /WEBHOOK_CONCURRENCY must be a whole number/],
    [{ SQLITE_CHECKPOINT_THREAD: "inline" }, /SQLITE_CHECKPOINT_THREAD must be on or off/],
    [{ PORT: "abc" }, /PORT must be a port number/],
    [{ PORT: "70000" }, /PORT must be 1-65535/],
    [{ DATABASE_URL: "mysql://x" }, /DATABASE_URL must start with one of file:/],
    [{ PUBLIC_BASE_URL: "not a url" }, /PUBLIC_BASE_URL must be an http\(s\) URL/],
    [{ PLIVO_FROM_NUMBER: "12ab" }, /PLIVO_FROM_NUMBER must be a phone number/],
    [{ SUPERVISOR_EMAIL: "nobody" }, /SUPERVISOR_EMAIL must be an email/],
    [{ REALTIME_PUBLISH_THREAD: "yes" }, /REALTIME_PUBLISH_THREAD must be on or off/],
    [{ LOG_LEVEL: "verbose" }, /LOG_LEVEL must be fatal, error, warn, info, debug, trace or silent/],
    [{ LOG_REDACT_PHONES: "yes" }, /LOG_REDACT_PHONES must be 0 or 1/],
    [{ DATABASE_PREPARED_STATEMENTS: "yes" }, /DATABASE_PREPARED_STATEMENTS must be 0 or 1/],
    [{ DATABASE_POOL_SIZE: "0" }, /DATABASE_POOL_SIZE must be 1-100/],
    [{ DATABASE_POOL_SIZE: "2.5" }, /DATABASE_POOL_SIZE must be a whole number/],
    [{ DATABASE_POOL_SIZE: "many" }, /DATABASE_POOL_SIZE must be a whole number/],
  ])("rejects %o with a message naming the variable", (source, message) => {
    expect(() => loadEnv(source)).toThrow(EnvError);
    expect(() => loadEnv(source)).toThrow(message);
  });

  it("names every missing secret in production", () => {
    try {
      loadEnv({ APP_ENV: "production", PUSHER_KEY: "k" });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(EnvError);
      const message = (err as EnvError).message;
      for (const name of ["DATABASE_URL", "PLIVO_AUTH_TOKEN", "PUSHER_SECRET", "AUTH_SECRET", "SUPERVISOR_PASSWORD"]) {
        expect(message).toContain(`${name} is required in production`);
      }
      expect(message).not.toContain("PUSHER_KEY is required");
    }
  });

  it("switches to hosted Pusher and real Plivo purely by environment", () => {
    const e = loadEnv({
      PUSHER_APP_ID: "1",
      PUSHER_KEY: "abc",
      PUSHER_SECRET: "s",
      PUSHER_CLUSTER: "eu",
      PLIVO_AUTH_ID: "MA123",
      PLIVO_AUTH_TOKEN: "tok",
      PLIVO_FROM_NUMBER: "+14155550100",
      PUBLIC_BASE_URL: "https://ivr.example.com/",
    });
    expect(e.pusher.host).toBeUndefined();
    expect(e.pusher.useTLS).toBe(true);
    expect(e.pusherClient).toMatchObject({ key: "abc", cluster: "eu", forceTLS: true });
    expect(e.plivo.configured).toBe(true);
    expect(e.publicBaseUrl).toBe("https://ivr.example.com");
  });

  it("never exposes the Pusher secret in the browser config", () => {
    const e = loadEnv({ PUSHER_SECRET: "top-secret-value" });
    expect(JSON.stringify(e.pusherClient)).not.toContain("top-secret-value");
  });

  it("uses the documented routing defaults and reads overrides", () => {
    expect(loadEnv({}).routing).toMatchObject({
      recentWindowMinutes: 60,
      weightRecentCalls: 10,
      weightDurationMinutes: 1,
      weightRating: 5,
      weightExploration: 0,
      policy: "score",
      ratingPriorCount: 3,
      ratingPriorMean: 2.5,
      maxFailovers: 2,
      missesBeforeAway: 3,
      coachingThreshold: 2,
      coachingWindow: 10,
    });
    const e = loadEnv({ ROUTING_RECENT_WINDOW_MINUTES: "15", ROUTING_WEIGHT_RATING: "7.5", ROUTING_MAX_FAILOVERS: "0" });
    expect(e.routing.recentWindowMinutes).toBe(15);
    expect(e.routing.weightRating).toBe(7.5);
    expect(e.routing.maxFailovers).toBe(0);
  });

  it.each([
    [{ ROUTING_RECENT_WINDOW_MINUTES: "0" }, /ROUTING_RECENT_WINDOW_MINUTES must be greater than 0/],
    [{ ROUTING_MAX_FAILOVERS: "1.5" }, /ROUTING_MAX_FAILOVERS must be a whole number/],
    [{ ROUTING_RATING_PRIOR_MEAN: "9" }, /ROUTING_RATING_PRIOR_MEAN must be 1-4/],
    [{ ROUTING_WEIGHT_RATING: "lots" }, /ROUTING_WEIGHT_RATING must be a number/],
    [{ CRON_SECRET: "short" }, /CRON_SECRET must be at least 16 characters/],
  ])("rejects routing config %o with a message naming the variable", (source, message) => {
    expect(() => loadEnv(source)).toThrow(message);
  });

  it("publishes realtime signals from a thread except on Vercel, unless told otherwise", () => {
    expect(loadEnv({}).realtimePublishThread).toBe(true);
    const vercel = VERCEL_ENV;
    expect(loadEnv(vercel).realtimePublishThread).toBe(false);
    expect(loadEnv({ REALTIME_PUBLISH_THREAD: "off" }).realtimePublishThread).toBe(false);
    expect(loadEnv({ ...vercel, REALTIME_PUBLISH_THREAD: "on" }).realtimePublishThread).toBe(true);
  });

  it("requires CRON_SECRET in production and leaves it optional locally", () => {
    expect(loadEnv({}).cronSecret).toBeUndefined();
    expect(() => loadEnv({ APP_ENV: "production" })).toThrow(/CRON_SECRET is required in production/);
    expect(loadEnv({ CRON_SECRET: "a-long-enough-cron-secret" }).cronSecret).toBe("a-long-enough-cron-secret");
  });

  it("takes the call centre's zone as an IANA name, the server's by default, required in production", () => {
    expect(loadEnv({}).timeZone).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone);
    expect(loadEnv({ CALL_CENTRE_TIME_ZONE: "Pacific/Kiritimati" }).timeZone).toBe("Pacific/Kiritimati");
    expect(() => loadEnv({ CALL_CENTRE_TIME_ZONE: "Mars/Olympus" })).toThrow(/CALL_CENTRE_TIME_ZONE must be an IANA time zone/);
    expect(() => loadEnv({ CALL_CENTRE_TIME_ZONE: "+05:00" })).toThrow(/CALL_CENTRE_TIME_ZONE/);
    expect(() => loadEnv({ APP_ENV: "production" })).toThrow(/CALL_CENTRE_TIME_ZONE is required in production/);
  });

  it("validates retention per table and defaults to 24 h of receipts and 90 days of detail", () => {
    expect(loadEnv({}).retention).toEqual({ receiptsHours: 24, eventsDays: 90, decisionsDays: 90, assignmentsDays: 90, batchSize: 200 });
    expect(loadEnv({ RETENTION_EVENTS_DAYS: "30", RETENTION_RECEIPTS_HOURS: "6" }).retention).toMatchObject({ eventsDays: 30, receiptsHours: 6 });
    expect(() => loadEnv({ RETENTION_DECISIONS_DAYS: "0" })).toThrow(/RETENTION_DECISIONS_DAYS must be at least 1/);
    expect(() => loadEnv({ RETENTION_EVENTS_DAYS: "soon" })).toThrow(/RETENTION_EVENTS_DAYS must be a whole number/);
  });
});
