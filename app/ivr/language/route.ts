// Plivo webhook: level 1 key press. Thin by design; the flow lives in lib/ivr (see lib/ivr/README.md).
import { languageHandler } from "@/lib/ivr/handlers";

export const dynamic = "force-dynamic";
export const POST = languageHandler;
