// Plivo webhook: level 3 key press (rating). Thin by design; the flow lives in lib/ivr (see lib/ivr/README.md).
import { feedbackHandler } from "@/lib/ivr/handlers";

export const dynamic = "force-dynamic";
export const POST = feedbackHandler;
