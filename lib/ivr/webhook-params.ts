// zod schemas for what Plivo sends and for the markers we put in our own action URLs. Unknown keys are dropped;
// a value of the wrong shape is a 4xx-class problem we answer with safe XML rather than an error page.
import { z } from "zod";
import { normalizePartyAddress, PARTY_ADDRESS_MAX } from "../telephony/party-address";

const optionalText = (max: number) =>
  z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), z.string().max(max).optional());
const optionalSeconds = z.preprocess(
  (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
  z.coerce.number().int().nonnegative().max(86_400 * 7).optional(),
);

/** From/To: a number (normalised to E.164) or a SIP URI (kept as is), up to Plivo's lengths. */
const partyAddress = z.preprocess(
  (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
  z.string().max(PARTY_ADDRESS_MAX).transform(normalizePartyAddress).optional(),
);

export const plivoCallParams = z.object({
  CallUUID: z.string().trim().min(1).max(100),
  From: partyAddress,
  To: partyAddress,
  CallStatus: optionalText(32),
  Direction: z.preprocess(
    (v) => (typeof v === "string" ? v.toLowerCase() : v),
    z.enum(["inbound", "outbound"]).optional().catch(undefined),
  ),
  // Plivo's own request id for calls we placed: how an outbound call row created at placement is found again.
  RequestUUID: optionalText(100),
  ALegRequestUUID: optionalText(100),
  ALegUUID: optionalText(100),
  // GetDigits action. Digits may be empty on some timeouts; anything else not a single key is treated as invalid.
  Digits: optionalText(32),
  // Dial action and Dial callbackUrl.
  DialStatus: optionalText(32),
  DialAction: optionalText(32),
  DialBLegStatus: optionalText(32),
  DialBLegUUID: optionalText(100),
  DialHangupCause: optionalText(100),
  DialBLegDuration: optionalSeconds,
  // Hangup URL.
  Duration: optionalSeconds,
  BillDuration: optionalSeconds,
  HangupCause: optionalText(100),
  // Record action and callbackUrl (#18 voicemail): the recording Plivo made and how long it is.
  // A malformed value is dropped (the step then stores nothing) rather than costing the caller an apology.
  RecordUrl: z.url({ protocol: /^https?$/ }).max(2000).optional().catch(undefined),
  RecordingID: z.string().trim().regex(/^[A-Za-z0-9_.:-]{1,100}$/).optional().catch(undefined),
  RecordingDuration: z.coerce.number().nonnegative().max(86_400).transform(Math.round).optional().catch(undefined),
  // machine_detection_url of a queued callback's outbound leg (#18): "true" when an answering machine picked up.
  Machine: optionalText(8),
});
export type PlivoCallParams = z.infer<typeof plivoCallParams>;

/** Markers in our own URLs: attempt number at a level, no-input fallback, queue loop, dial attempt, offer. */
export const ivrQuery = z.object({
  a: z.coerce.number().int().min(0).max(100).catch(0).default(0),
  noinput: z.literal("1").optional().catch(undefined),
  n: z.coerce.number().int().min(0).max(10_000).catch(0).default(0),
  d: z.coerce.number().int().min(0).max(100).catch(0).default(0),
  offer: z.literal("1").optional().catch(undefined),
  // Retry of a step that could not be answered yet: its count and the caller's key press (renderRetryShortly).
  rt: z.coerce.number().int().min(0).max(10).catch(0).default(0),
  rd: z.string().regex(/^[0-9*#]{1,32}$/).optional().catch(undefined),
});
export type IvrQuery = z.infer<typeof ivrQuery>;

// `cancel`: the caller hung up while the agent's phone rang (Plivo's Dial action docs); not the agent's miss.
export const DIAL_OUTCOMES = ["completed", "busy", "failed", "timeout", "no-answer", "cancel"] as const;
export const dialOutcome = z.preprocess(
  (v) => (typeof v === "string" ? v.toLowerCase().replace(/^cancell?ed$/, "cancel") : v),
  z.enum(DIAL_OUTCOMES).catch("failed"),
);
