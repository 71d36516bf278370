// Plivo webhook: hangup URL, closes the call record. Thin by design; the flow lives in lib/ivr (see lib/ivr/README.md).
import { hangupHandler } from "@/lib/ivr/handlers";

export const dynamic = "force-dynamic";
export const POST = hangupHandler;
