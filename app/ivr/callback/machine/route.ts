// Plivo webhook of a queued callback's outbound leg (#18): machine. Thin by design; the flow is lib/ivr/flow/callback.ts.
import { callbackMachineHandler } from "@/lib/ivr/handlers";

export const dynamic = "force-dynamic";
export const POST = callbackMachineHandler;
