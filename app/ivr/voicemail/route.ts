// Plivo webhook: leave a voicemail; any step may redirect a caller here with ?lang=xx (#18). Thin by design; the flow lives in lib/ivr (see lib/ivr/README.md).
import { voicemailHandler } from "@/lib/ivr/handlers";

export const dynamic = "force-dynamic";
export const POST = voicemailHandler;
export const GET = voicemailHandler;
