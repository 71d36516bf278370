// Plivo webhook: answer URL, level 1 language question. Thin by design; the flow lives in lib/ivr (see lib/ivr/README.md).
import { startHandler } from "@/lib/ivr/handlers";

export const dynamic = "force-dynamic";
export const GET = startHandler;
export const POST = startHandler;
