// Plivo webhook: Dial callbackUrl, agent leg answered/hung up. Thin by design; the flow lives in lib/ivr (see lib/ivr/README.md).
import { dialEventsHandler } from "@/lib/ivr/handlers";

export const dynamic = "force-dynamic";
export const POST = dialEventsHandler;
