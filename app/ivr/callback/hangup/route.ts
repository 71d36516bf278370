// Plivo webhook of a queued callback's outbound leg (#18): hangup. Thin by design; the flow is lib/ivr/flow/callback.ts.
import { callbackHangupHandler } from "@/lib/ivr/handlers";

export const dynamic = "force-dynamic";
export const POST = callbackHangupHandler;
