// bindFloorSignals is every reader's way in (dashboard, latency script, bench): it must hand over each packed
// signal once, in order, and shrug off anything that is not a well-formed pack.
import Pusher from "pusher";
import PusherClient, { type Channel } from "pusher-js";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { FLOOR_CHANNEL, FLOOR_SIGNALS_EVENT, type RealtimeEventName, type RealtimeSignal } from "./events";
import { startLocalPusherServer, type LocalPusherServer } from "./local-pusher-server";
import { selfSigningPusherClient } from "./self-signing-client";
import { bindFloorSignals } from "./subscribe";

const app = { id: "subscribe-test", key: "subscribe-key", secret: "subscribe-secret" };
let server: LocalPusherServer;
let sdk: Pusher;
const clients: PusherClient[] = [];

beforeAll(async () => {
  server = await startLocalPusherServer({ apps: [app] });
  sdk = new Pusher({ appId: app.id, key: app.key, secret: app.secret, host: "127.0.0.1", port: String(server.port) });
});
afterEach(() => {
  for (const c of clients.splice(0)) c.disconnect();
});
afterAll(async () => {
  await server.close();
});

async function subscribed(): Promise<Channel> {
  const client = selfSigningPusherClient({ app, host: "127.0.0.1", port: server.port });
  clients.push(client);
  const channel = client.subscribe(FLOOR_CHANNEL);
  await new Promise<void>((resolve) => channel.bind("pusher:subscription_succeeded", () => resolve()));
  return channel;
}

const signal = (seq: number, extra: Partial<RealtimeSignal> = {}): RealtimeSignal => ({ src: "s1", seq, at: 1_700_000_000_000 + seq, ...extra });

describe("bindFloorSignals", () => {
  it("calls back once per signal of each pack, in order, with the event name and the signal alone", async () => {
    const channel = await subscribed();
    const got: Array<[RealtimeEventName, RealtimeSignal]> = [];
    bindFloorSignals(channel, (name, s) => got.push([name, s]));
    await sdk.trigger(FLOOR_CHANNEL, FLOOR_SIGNALS_EVENT, {
      signals: [
        { event: "call.changed", ...signal(1, { callId: "c1", step: "MENU" }) },
        { event: "agent.changed", ...signal(2, { agentId: "a1", status: "BUSY" }) },
      ],
    });
    await sdk.trigger(FLOOR_CHANNEL, FLOOR_SIGNALS_EVENT, { signals: [{ event: "queue.changed", ...signal(3) }] });
    await expect.poll(() => got.length).toBe(3);
    expect(got).toEqual([
      ["call.changed", signal(1, { callId: "c1", step: "MENU" })],
      ["agent.changed", signal(2, { agentId: "a1", status: "BUSY" })],
      ["queue.changed", signal(3)],
    ]);
  });

  it("ignores malformed packs and skips malformed signals inside a pack, keeping the valid ones", async () => {
    const channel = await subscribed();
    const got: number[] = [];
    bindFloorSignals(channel, (_name, s) => got.push(s.seq));
    const malformed: unknown[] = [
      "not json at all",
      null,
      {},
      { signals: "nope" },
      { signals: { 0: { event: "call.changed", ...signal(90) } } },
      [{ event: "call.changed", ...signal(91) }],
      { signals: [{ ...signal(92) }] }, // no event name
      { signals: [{ event: "call.exploded", ...signal(93) }] }, // unknown event name
      { signals: [{ event: "call.changed", src: "s1", seq: "94", at: 1 }] }, // seq not a number
      { signals: [{ event: "call.changed", src: "s1", seq: 0, at: 1 }] }, // seq not positive
      { signals: [{ event: "call.changed", seq: 96, at: 1 }] }, // no src
    ];
    for (const data of malformed) await sdk.trigger(FLOOR_CHANNEL, FLOOR_SIGNALS_EVENT, data);
    await sdk.trigger(FLOOR_CHANNEL, FLOOR_SIGNALS_EVENT, {
      signals: [{ event: "call.changed", ...signal(1) }, { event: "nope", ...signal(2) }, { event: "agent.changed", ...signal(3) }],
    });
    // Events under other names are not packs, even if they look like signals.
    await sdk.trigger(FLOOR_CHANNEL, "call.changed", signal(4));
    await sdk.trigger(FLOOR_CHANNEL, FLOOR_SIGNALS_EVENT, { signals: [{ event: "queue.changed", ...signal(5) }] });
    await expect.poll(() => got.at(-1)).toBe(5);
    expect(got).toEqual([1, 3, 5]);
  });

  it("delivers the rest of a pack when a callback throws, then rethrows the first error", async () => {
    const channel = await subscribed();
    const got: number[] = [];
    bindFloorSignals(channel, (_name, s) => {
      got.push(s.seq);
      if (s.seq % 2 === 0) throw new Error(`handler failed on ${s.seq}`);
    });
    const pack = { signals: [1, 2, 3, 4, 5].map((seq) => ({ event: "call.changed", ...signal(seq) })) };
    expect(() => channel.emit(FLOOR_SIGNALS_EVENT, pack)).toThrow("handler failed on 2");
    expect(got).toEqual([1, 2, 3, 4, 5]);
  });

  it("returns an unbind that stops the callbacks", async () => {
    const channel = await subscribed();
    const got: number[] = [];
    const unbind = bindFloorSignals(channel, (_name, s) => got.push(s.seq));
    channel.emit(FLOOR_SIGNALS_EVENT, { signals: [{ event: "call.changed", ...signal(1) }] });
    unbind();
    channel.emit(FLOOR_SIGNALS_EVENT, { signals: [{ event: "call.changed", ...signal(2) }] });
    expect(got).toEqual([1]);
  });
});
