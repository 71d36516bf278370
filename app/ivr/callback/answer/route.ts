// Plivo webhook of a queued callback's outbound leg (#18): answer. Thin by design; the flow is lib/ivr/flow/callback.ts.
import { callbackAnswerHandler } from "@/lib/ivr/handlers";

export const dynamic = "force-dynamic";
export const POST = callbackAnswerHandler;
