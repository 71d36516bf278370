// Plivo webhook: level 2 question (also a valid answer URL with ?lang=). Thin by design; the flow lives in lib/ivr (see lib/ivr/README.md).
import { menuHandler } from "@/lib/ivr/handlers";

export const dynamic = "force-dynamic";
export const GET = menuHandler;
export const POST = menuHandler;
