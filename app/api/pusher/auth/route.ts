// Signs private-channel subscriptions for the dashboard (pusher-js posts socket_id and channel_name here as a
// form). Only a signed-in supervisor may listen to the floor. Anything else is a 4xx, never a 500: a JSON or
// oversized body included.
import { z } from "zod";
import { currentSupervisor } from "@/lib/auth/session";
import { API_BODY_LIMIT_BYTES } from "@/lib/http/body-limits";
import { HttpError, invalidInput, jsonRoute, unauthenticated } from "@/lib/http/errors";
import { readBoundedText } from "@/lib/http/read-bounded-body";
import { FLOOR_CHANNEL } from "@/lib/realtime/events";
import { pusherServer } from "@/lib/realtime/publish";

const body = z.object({
  socket_id: z.string().regex(/^\d+\.\d+$/, "socket_id is malformed"),
  channel_name: z.literal(FLOOR_CHANNEL, "unknown channel"),
});

export const POST = jsonRoute("api/pusher/auth", async (request: Request) => {
  if (!(await currentSupervisor())) throw unauthenticated();
  if (!(request.headers.get("content-type") ?? "").includes("application/x-www-form-urlencoded")) {
    throw new HttpError(415, "Send socket_id and channel_name as application/x-www-form-urlencoded.");
  }
  const read = await readBoundedText(request, API_BODY_LIMIT_BYTES);
  if (!read.ok) return read.response;
  const parsed = body.safeParse(Object.fromEntries(new URLSearchParams(read.text)));
  if (!parsed.success) throw invalidInput(parsed.error, parsed.error.issues[0]?.message ?? "bad request");
  return Response.json(pusherServer().authorizeChannel(parsed.data.socket_id, parsed.data.channel_name));
});
