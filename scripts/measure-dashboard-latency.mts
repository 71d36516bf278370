// Latency from a routing decision to the dashboard: for each sample, a caller walks the IVR over signed webhooks
// against a RUNNING server; the webhook that assigns an agent (level 2, "talk to an agent") is timed from the
// moment it is sent until the matching agent.changed / call.changed signal arrives in a pusher-js client
// subscribed to the supervisors' private channel. The call is then completed and hung up so the agent is free
// for the next sample. Prints p50/p90/p99 for: webhook response, and webhook-sent -> event received.
//
//   npx tsx scripts/measure-dashboard-latency.mts [--samples 50] [--base http://localhost:3000]
//
// Uses the same environment as the server (PUSHER_*, PLIVO_AUTH_TOKEN, PUBLIC_BASE_URL) — run it with the
// variables the server was started with (none, for `npm run local`).
import { parseArgs } from "node:util";
import { loadEnv } from "../lib/env.ts";
import { FLOOR_CHANNEL } from "../lib/realtime/events.ts";
import { selfSigningPusherClient } from "../lib/realtime/self-signing-client.ts";
import { bindFloorSignals } from "../lib/realtime/subscribe.ts";
import { WebhookCaller } from "../tests/support/webhook-caller.ts";

const { values } = parseArgs({ options: { samples: { type: "string", default: "50" }, base: { type: "string" } } });
const config = loadEnv(process.env);
const base = (values.base ?? config.publicBaseUrl).replace(/\/+$/, "");
const samples = Number(values.samples);

// The script signs its own channel subscription with the server secret (it is a trusted operator tool, not a
// browser); browsers go through /api/pusher/auth with a supervisor session.
const client = selfSigningPusherClient({
  app: { id: config.pusher.appId, key: config.pusher.key, secret: config.pusher.secret },
  clientKey: config.pusherClient.key,
  cluster: config.pusherClient.cluster,
  forceTLS: config.pusherClient.forceTLS,
  host: config.pusherClient.host,
  port: config.pusherClient.port,
});

type Signal = { name: string; callUuid?: string; callId?: string; agentId?: string; status?: string };
type Waiter = { resolve: (t: number) => void; match: (s: Signal) => boolean };
const waiters = new Set<Waiter>();
const channel = client.subscribe(FLOOR_CHANNEL);
await new Promise<void>((resolve, reject) => {
  channel.bind("pusher:subscription_succeeded", () => resolve());
  channel.bind("pusher:subscription_error", (e: unknown) => reject(new Error(`subscription failed: ${JSON.stringify(e)}`)));
  setTimeout(() => reject(new Error("no Pusher subscription within 10 s: is the server (and its Pusher) running?")), 10_000);
});
bindFloorSignals(channel, (name, signal) => {
  const received = performance.now();
  for (const w of [...waiters]) {
    if (w.match({ ...signal, name })) {
      waiters.delete(w);
      w.resolve(received);
    }
  }
});

function waitFor(match: Waiter["match"], ms = 10_000): Promise<number> {
  return new Promise((resolve, reject) => {
    const w: Waiter = { match, resolve: (t) => { clearTimeout(timer); resolve(t); } };
    const timer = setTimeout(() => { waiters.delete(w); reject(new Error("no realtime event within 10 s")); }, ms);
    waiters.add(w);
  });
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? NaN;
};

const responseMs: number[] = [];
const eventMs: number[] = [];
let queued = 0;
for (let i = 0; i < samples; i++) {
  const callUuid = `latency-${process.pid}-${i}-${Date.now()}`;
  const caller = new WebhookCaller(base, config.plivo.authToken, { callUuid, from: `+1202555${String(1000 + (i % 9000)).padStart(4, "0")}` });
  await caller.answer();
  await caller.press(String(1 + (i % 2))); // alternate English / Spanish
  // The routing decision's signal: routing announces the claimed agent as BUSY (only this script drives calls, so
  // the first such signal after this request is this call's).
  const event = waitFor((s) => s.name === "agent.changed" && s.status === "BUSY");
  const sent = performance.now();
  await caller.press("2");
  responseMs.push(performance.now() - sent);
  if (!caller.dialing) {
    queued++;
    event.catch(() => undefined);
    await caller.hangup(10);
    continue;
  }
  eventMs.push((await event) - sent);
  await caller.agentAnswers();
  await caller.dialEnds(60 + (i % 120));
  await caller.press(String(1 + (i % 4)));
  await caller.hangup(90);
}
client.disconnect();

const row = (label: string, xs: number[]) =>
  `${label.padEnd(44)} n=${String(xs.length).padStart(4)}  p50 ${pct(xs, 50).toFixed(1).padStart(7)} ms  p90 ${pct(xs, 90).toFixed(1).padStart(7)} ms  p99 ${pct(xs, 99).toFixed(1).padStart(7)} ms`;
console.log(`Dashboard latency against ${base} (${samples} calls, ${queued} queued instead of assigned)`);
console.log(row("assigning webhook: response", responseMs));
console.log(row("assigning webhook sent -> event in pusher-js", eventMs));
process.exit(0);
