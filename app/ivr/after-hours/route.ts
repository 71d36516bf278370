// Plivo webhook: the after-hours voicemail offer's key press (#18). Thin by design; the flow lives in lib/ivr (see lib/ivr/README.md).
import { afterHoursHandler } from "@/lib/ivr/handlers";

export const dynamic = "force-dynamic";
export const POST = afterHoursHandler;
