// Plivo webhook: Record action, the caller finished their message (#18). Thin by design; the flow lives in lib/ivr (see lib/ivr/README.md).
import { voicemailDoneHandler } from "@/lib/ivr/handlers";

export const dynamic = "force-dynamic";
export const POST = voicemailDoneHandler;
