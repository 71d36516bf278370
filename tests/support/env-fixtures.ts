// A complete production environment (every required secret set to a non-default value), for tests of lib/env.ts.
export const PRODUCTION_ENV = {
  APP_ENV: "production",
  DATABASE_URL: "postgresql://u@db/ivr",
  PUBLIC_BASE_URL: "https://ivr.example.com",
  PLIVO_AUTH_ID: "MA123",
  PLIVO_AUTH_TOKEN: "a-real-plivo-token",
  PLIVO_FROM_NUMBER: "+14155550100",
  PUSHER_APP_ID: "1",
  PUSHER_KEY: "abc",
  PUSHER_SECRET: "a-real-pusher-secret",
  PUSHER_CLUSTER: "eu",
  AUTH_SECRET: "a-production-secret-of-at-least-32-characters",
  SUPERVISOR_EMAIL: "lead@example.com",
  SUPERVISOR_PASSWORD: "long-enough-password",
  CRON_SECRET: "a-long-enough-cron-secret",
  CALL_CENTRE_TIME_ZONE: "America/New_York",
};
