// A call party as Plivo sends it in From/To: a phone number (sometimes without its `+`, as in Plivo's sample
// payloads) or a SIP URI. Numbers become E.164 so one customer is one row whether they called in or we called
// them (placed calls store +E.164); SIP addresses and anything else that is not a possible number stay as they are.
import { parsePhoneNumberFromString } from "libphonenumber-js";

/** Plivo's From/To: SIP URIs can be long (its own sample has 71 characters); 256 covers user@host URIs. */
export const PARTY_ADDRESS_MAX = 256;

/**
 * Normalised addresses of the calls in progress: every webhook of a call carries the same From and To, and parsing
 * a number with libphonenumber cost ~70 µs each (issue #20: 2 per webhook). A pure function of its input, so a
 * bounded memo; cleared when full rather than tracking recency (a full memo only means a re-parse).
 */
const memo = new Map<string, string>();
const MEMO_SIZE = 5_000;

export function normalizePartyAddress(raw: string): string {
  let normalized = memo.get(raw);
  if (normalized === undefined) {
    normalized = normalize(raw);
    if (memo.size >= MEMO_SIZE) memo.clear();
    memo.set(raw, normalized);
  }
  return normalized;
}

function normalize(raw: string): string {
  const value = raw.trim();
  if (/^sips?:/i.test(value) || value.includes("@")) return value;
  const compact = value.replace(/[\s().-]/g, "");
  if (!/^\+?\d{6,15}$/.test(compact)) return value;
  const parsed = parsePhoneNumberFromString(compact.startsWith("+") ? compact : `+${compact}`);
  return parsed?.isPossible() ? parsed.number : value;
}
