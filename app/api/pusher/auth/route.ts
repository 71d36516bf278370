// Signs private-channel subscriptions (pusher-js posts socket_id and channel_name here). A supervisor may listen
// to the floor; an agent only to their own channel, private-agent-<their id>.
import { z } from "zod";
import { agentChannel } from "@/lib/agent-state/channel";
import { currentAgent } from "@/lib/agent-auth/current-agent";
import { currentSupervisor, unauthorized } from "@/lib/auth/require-supervisor";
import { FLOOR_CHANNEL } from "@/lib/realtime/events";
import { pusherServer } from "@/lib/realtime/publish";

const body = z.object({
  socket_id: z.string().regex(/^\d+\.\d+$/, "socket_id is malformed"),
  channel_name: z.string().min(1).max(164),
});

export async function POST(request: Request) {
  const [supervisor, agent] = await Promise.all([currentSupervisor(), currentAgent()]);
  if (!supervisor && !agent) return unauthorized();
  const form = Object.fromEntries((await request.formData()).entries());
  const parsed = body.safeParse(form);
  if (!parsed.success) {
    return Response.json({ error: parsed.error.issues[0]?.message ?? "bad request" }, { status: 400 });
  }
  const allowed = supervisor ? FLOOR_CHANNEL : agentChannel(agent!.agentId);
  if (parsed.data.channel_name !== allowed) return Response.json({ error: "unknown channel" }, { status: 403 });
  return Response.json(pusherServer().authorizeChannel(parsed.data.socket_id, parsed.data.channel_name));
}
