// Toll-fraud rules for every call the product places (start a call today; agent callbacks later call the same
// function): a destination must be a valid number in an allowed country calling code and of an allowed type as
// libphonenumber classifies it (max metadata). Premium-rate, shared-cost, personal, UAN, pager and voicemail numbers
// are refused by default, and so are non-geographic codes (satellite +881/+870, international networks +882/+883)
// unless their calling code is listed explicitly. Configured by OUTBOUND_ALLOWED_CALLING_CODES /
// OUTBOUND_ALLOWED_NUMBER_TYPES (lib/env.ts).
import { parsePhoneNumberFromString } from "libphonenumber-js/max";
import { env, type Env } from "../env";

export type DestinationRefusal = "invalid" | "calling-code" | "non-geographic" | "number-type";
export type DestinationCheck =
  | { allowed: true; number: string; callingCode: string; type: string }
  | { allowed: false; reason: DestinationRefusal; message: string; callingCode?: string; type?: string };

type Policy = Pick<Env["security"], "outboundAllowedCallingCodes" | "outboundAllowedNumberTypes">;

const TYPE_WORDS: Record<string, string> = {
  PREMIUM_RATE: "a premium-rate number",
  SHARED_COST: "a shared-cost number",
  PERSONAL_NUMBER: "a personal (forwarding) number",
  UAN: "a universal access number",
  PAGER: "a pager number",
  VOICEMAIL: "a voicemail access number",
  TOLL_FREE: "a toll-free number",
  VOIP: "a VoIP number",
  MOBILE: "a mobile number",
  FIXED_LINE: "a landline number",
  FIXED_LINE_OR_MOBILE: "a landline or mobile number",
};

export function checkDestination(input: string, policy: Policy = env().security): DestinationCheck {
  const parsed = input.trim().startsWith("+") ? parsePhoneNumberFromString(input.trim()) : undefined;
  if (!parsed?.isValid()) {
    return { allowed: false, reason: "invalid", message: "That is not a valid international phone number, so it was not called." };
  }
  const callingCode = parsed.countryCallingCode;
  const listed = policy.outboundAllowedCallingCodes !== "*" && policy.outboundAllowedCallingCodes.includes(callingCode);
  if (policy.outboundAllowedCallingCodes !== "*" && !listed) {
    return {
      allowed: false,
      reason: "calling-code",
      callingCode,
      message: `Calls to +${callingCode} numbers are not allowed here (allowed: +${policy.outboundAllowedCallingCodes.join(", +")}).`,
    };
  }
  // No country: a non-geographic code (satellite phones, international networks), billed at premium rates.
  if (!parsed.country && !listed) {
    return {
      allowed: false,
      reason: "non-geographic",
      callingCode,
      message: `+${callingCode} is a satellite or international network number; those are not called unless +${callingCode} is allowed explicitly.`,
    };
  }
  const type = parsed.getType() ?? "UNKNOWN";
  if (!policy.outboundAllowedNumberTypes.includes(type)) {
    return {
      allowed: false,
      reason: "number-type",
      callingCode,
      type,
      message: `${parsed.number} is ${TYPE_WORDS[type] ?? "a number of an unknown type"}; calls to it are not allowed (toll-fraud protection).`,
    };
  }
  return { allowed: true, number: parsed.number, callingCode, type };
}
