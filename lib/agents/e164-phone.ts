// Phone numbers as Plivo needs them: E.164, validated against real numbering plans (libphonenumber-js), so a
// typo is caught in the form instead of becoming a failed call.
import { parsePhoneNumberFromString } from "libphonenumber-js";
import { z } from "zod";

export const E164_HINT = "Enter a phone number in international format, e.g. +14155550100";

/** The number in E.164 form, or null when it is not a valid international number. */
export function toE164(input: string): string | null {
  const trimmed = input.trim();
  // Without a leading + the country is ambiguous; guessing one would dial the wrong person.
  if (!trimmed.startsWith("+")) return null;
  const parsed = parsePhoneNumberFromString(trimmed);
  return parsed?.isValid() ? parsed.number : null;
}

export const e164Phone = z
  .string({ error: E164_HINT })
  .trim()
  .min(1, "Enter a phone number")
  .max(32, E164_HINT)
  .transform((value, ctx) => {
    const number = toE164(value);
    if (!number) {
      ctx.addIssue({ code: "custom", message: `“${value}” is not a valid phone number. ${E164_HINT}.` });
      return z.NEVER;
    }
    return number;
  });
