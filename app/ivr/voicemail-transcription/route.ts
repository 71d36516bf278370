// Plivo webhook: Record transcriptionUrl, English voicemail transcriptions (#18). The handler is in lib/voicemail.
import { transcriptionHandler } from "@/lib/voicemail/transcription-route";

export const dynamic = "force-dynamic";
export const POST = transcriptionHandler;
