// Signs private-channel subscriptions (pusher-js posts socket_id and channel_name here as a form). A supervisor may
// listen to the floor; an agent only to their own channel, private-agent-<their id>. Anything else is a 4xx, never
// a 500: a JSON or oversized body included.
import { z } from "zod";
import { agentChannel } from "@/lib/agent-state/channel";
import { currentAgent } from "@/lib/agent-auth/current-agent";
import { currentSupervisor } from "@/lib/auth/session";
import { API_BODY_LIMIT_BYTES } from "@/lib/http/body-limits";
import { forbidden, HttpError, invalidInput, jsonRoute, unauthenticated } from "@/lib/http/errors";
import { readBoundedText } from "@/lib/http/read-bounded-body";
import { FLOOR_CHANNEL } from "@/lib/realtime/events";
import { pusherServer } from "@/lib/realtime/publish";

const body = z.object({
  socket_id: z.string().regex(/^\d+\.\d+$/, "socket_id is malformed"),
  channel_name: z.string().min(1).max(164),
});

export const POST = jsonRoute("api/pusher/auth", async (request: Request) => {
  const [supervisor, agent] = await Promise.all([currentSupervisor(), currentAgent()]);
  if (!supervisor && !agent) throw unauthenticated();
  if (!(request.headers.get("content-type") ?? "").includes("application/x-www-form-urlencoded")) {
    throw new HttpError(415, "Send socket_id and channel_name as application/x-www-form-urlencoded.");
  }
  const read = await readBoundedText(request, API_BODY_LIMIT_BYTES);
  if (!read.ok) return read.response;
  const parsed = body.safeParse(Object.fromEntries(new URLSearchParams(read.text)));
  if (!parsed.success) throw invalidInput(parsed.error, parsed.error.issues[0]?.message ?? "bad request");
  const allowed = supervisor ? FLOOR_CHANNEL : agentChannel(agent!.agentId);
  if (parsed.data.channel_name !== allowed) throw forbidden();
  return Response.json(pusherServer().authorizeChannel(parsed.data.socket_id, parsed.data.channel_name));
});
