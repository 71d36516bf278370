// Plivo webhook: level 2 key press. Thin by design; the flow lives in lib/ivr (see lib/ivr/README.md).
import { actionHandler } from "@/lib/ivr/handlers";

export const dynamic = "force-dynamic";
export const POST = actionHandler;
