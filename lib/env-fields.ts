// The zod field shapes lib/env.ts builds its schema from: blank counts as unset, numbers are coerced from strings,
// and every message names the variable.
import { z } from "zod";

export const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
export const optionalString = z.preprocess(blankToUndefined, z.string().optional());
export const port = (name: string) =>
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
export const positiveNumber = (name: string) =>
  z.preprocess(
    blankToUndefined,
    z.coerce.number({ error: `${name} must be a number` }).positive(`${name} must be greater than 0`).optional(),
  );
export const nonNegativeNumber = (name: string) =>
  z.preprocess(
    blankToUndefined,
    z.coerce.number({ error: `${name} must be a number` }).min(0, `${name} must be 0 or more`).optional(),
  );
export const wholeNumber = (name: string, min: number) =>
  z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ error: `${name} must be a whole number` })
      .int(`${name} must be a whole number`)
      .min(min, `${name} must be at least ${min}`)
      .optional(),
  );
