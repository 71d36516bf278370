// The one structured logger (pino): JSON lines on stdout with levels, secrets redacted wherever they appear in a
// logged object, and phone numbers masked when LOG_REDACT_PHONES=1. Every module logs through this, never console.
import pino from "pino";

const SECRET_PATHS = [
  "password",
  "passwordHash",
  "token",
  "authToken",
  "secret",
  "authorization",
  "cookie",
  "*.password",
  "*.passwordHash",
  "*.token",
  "*.authToken",
  "*.secret",
  "*.authorization",
  "*.cookie",
  'headers["x-plivo-signature-v3"]',
  'headers["x-plivo-signature-ma-v3"]',
];
const PHONE_PATHS = ["from", "to", "phone", "From", "To", "*.from", "*.to", "*.phone", "*.From", "*.To"];

function level(): pino.LevelWithSilent {
  const raw = process.env.LOG_LEVEL;
  const levels = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
  return (levels as readonly string[]).includes(raw ?? "") ? (raw as pino.LevelWithSilent) : "info";
}

export const log = pino({
  level: level(),
  base: undefined, // no pid/hostname on every line: the platform adds its own
  timestamp: pino.stdTimeFunctions.isoTime,
  formatters: { level: (label) => ({ level: label }) },
  redact: {
    paths: process.env.LOG_REDACT_PHONES === "1" ? [...SECRET_PATHS, ...PHONE_PATHS] : SECRET_PATHS,
    censor: "[redacted]",
  },
});

export type Logger = typeof log;
