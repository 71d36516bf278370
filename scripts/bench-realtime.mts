// The benchmark's realtime side, in its own process (as `npm run local` runs the local Pusher server beside the app
// rather than inside it): the local Pusher-protocol server plus one pusher-js subscriber that records, per signal,
// publish -> receive latency. Keeping both off the load generator's event loop means the latency measured is the
// server's and the Pusher server's, not the generator's own scheduling delay.
//
// Started by scripts/bench.mts with fork(); talks over IPC:
//   -> { type: "ready" }                          once subscribed
//   <- { type: "take" }  -> { type: "latencies", values: number[] }   everything received since the last take
//   <- { type: "stop" }                           closes and exits
import { z } from "zod";
import { FLOOR_CHANNEL } from "../lib/realtime/events.ts";
import { startLocalPusherServer } from "../lib/realtime/local-pusher-server.ts";
import { selfSigningPusherClient } from "../lib/realtime/self-signing-client.ts";
import { bindFloorSignals } from "../lib/realtime/subscribe.ts";

const config = z
  .object({ port: z.coerce.number().int().min(1024).max(65535), id: z.string(), key: z.string(), secret: z.string() })
  .parse(JSON.parse(process.argv[2] ?? "{}"));

const server = await startLocalPusherServer({ apps: [{ id: config.id, key: config.key, secret: config.secret }], port: config.port });
const client = selfSigningPusherClient({ app: config, host: "127.0.0.1", port: config.port });

let latencies: number[] = [];
const channel = client.subscribe(FLOOR_CHANNEL);
bindFloorSignals(channel, (_name, signal) => latencies.push(Date.now() - signal.at));
await new Promise<void>((resolve) => channel.bind("pusher:subscription_succeeded", () => resolve()));

const message = z.discriminatedUnion("type", [z.object({ type: z.literal("take") }), z.object({ type: z.literal("stop") })]);
process.on("message", async (raw) => {
  const m = message.parse(raw);
  if (m.type === "take") {
    process.send?.({ type: "latencies", values: latencies });
    latencies = [];
    return;
  }
  client.disconnect();
  await server.close();
  process.exit(0);
});
process.send?.({ type: "ready" });
