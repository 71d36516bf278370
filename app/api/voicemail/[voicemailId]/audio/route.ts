// A voicemail's recording for the dashboard's player, behind a supervisor session (lib/voicemail/recording-media.ts).
import { jsonRoute } from "@/lib/http/errors";
import { voicemailAudio } from "@/lib/voicemail/recording-media";

export const dynamic = "force-dynamic";

export const GET = jsonRoute("voicemail/audio", async (request: Request, ctx: { params: Promise<{ voicemailId: string }> }) =>
  voicemailAudio(request, (await ctx.params).voicemailId),
);
