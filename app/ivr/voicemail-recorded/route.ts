// Plivo webhook: Record callbackUrl, the recording file is ready (#18). Thin by design; the flow lives in lib/ivr (see lib/ivr/README.md).
import { voicemailRecordedHandler } from "@/lib/ivr/handlers";

export const dynamic = "force-dynamic";
export const POST = voicemailRecordedHandler;
