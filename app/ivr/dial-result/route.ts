// Plivo webhook: Dial action, the agent leg ended. Thin by design; the flow lives in lib/ivr (see lib/ivr/README.md).
import { dialResultHandler } from "@/lib/ivr/handlers";

export const dynamic = "force-dynamic";
export const POST = dialResultHandler;
