// Signs private-channel subscriptions for the dashboard (pusher-js posts socket_id and channel_name here).
// Only a signed-in supervisor may listen to the floor.
import { z } from "zod";
import { currentSupervisor } from "@/lib/auth/require-supervisor";
import { invalidInput, jsonRoute, unauthenticated } from "@/lib/http/errors";
import { FLOOR_CHANNEL } from "@/lib/realtime/events";
import { pusherServer } from "@/lib/realtime/publish";

const body = z.object({
  socket_id: z.string().regex(/^\d+\.\d+$/, "socket_id is malformed"),
  channel_name: z.literal(FLOOR_CHANNEL, "unknown channel"),
});

export const POST = jsonRoute("api/pusher/auth", async (request: Request) => {
  if (!(await currentSupervisor())) throw unauthenticated();
  const form = Object.fromEntries((await request.formData()).entries());
  const parsed = body.safeParse(form);
  if (!parsed.success) throw invalidInput(parsed.error, parsed.error.issues[0]?.message ?? "bad request");
  return Response.json(pusherServer().authorizeChannel(parsed.data.socket_id, parsed.data.channel_name));
});
