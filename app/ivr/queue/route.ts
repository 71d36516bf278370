// Plivo webhook: hold loop, tries routing again. Thin by design; the flow lives in lib/ivr (see lib/ivr/README.md).
import { queueHandler } from "@/lib/ivr/handlers";

export const dynamic = "force-dynamic";
export const POST = queueHandler;
