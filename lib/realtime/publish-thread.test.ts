// The publishing thread (publish-thread.ts + publish-worker.ts) must deliver what the main thread stamps, in order,
// settle each publish with its signal, and never leave a publish hanging when the thread dies.
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { FLOOR_CHANNEL, type RealtimeSignal } from "./events";
import { serverEnvFor, startLocalPusherServer, type LocalPusherServer } from "./local-pusher-server";
import { restartingPublishThread, startPublishThread } from "./publish-thread";
import { selfSigningPusherClient } from "./self-signing-client";
import { captureLog } from "../../tests/support/capture-log";
import { bindFloorSignals } from "./subscribe";
import { agentChannel } from "../agent-state/channel";

const app = { id: "thread-test", key: "thread-key", secret: "thread-secret" };
let server: LocalPusherServer;
const workers: Worker[] = [];

beforeAll(async () => {
  server = await startLocalPusherServer({ apps: [app] });
  // The worker reads its Pusher settings from the environment it is started with.
  Object.assign(process.env, serverEnvFor(app, server));
});
afterAll(async () => {
  await Promise.all(workers.map((w) => w.terminate()));
  await server.close();
});

/** The worker as Next would run it, but from TypeScript source (tsx's loader registered inside the thread first). */
const spawn = () => {
  const entry = fileURLToPath(new URL("./publish-worker.ts", import.meta.url));
  const boot = `require("tsx/cjs/api").register(); require(${JSON.stringify(entry)});`;
  const worker = new Worker(boot, { eval: true });
  workers.push(worker);
  return worker;
};
const signal = (seq: number): RealtimeSignal => ({ src: "thread-test", seq, at: Date.now(), callId: `c${seq}` });

describe("realtime publishing thread", () => {
  it("delivers every signal to a subscribed dashboard in the order the main thread stamped them", async () => {
    const client = selfSigningPusherClient({ app, host: "127.0.0.1", port: server.port });
    const received: number[] = [];
    const channel = client.subscribe(FLOOR_CHANNEL);
    bindFloorSignals(channel, (_name, s) => received.push(s.seq));
    await new Promise<void>((resolve) => channel.bind("pusher:subscription_succeeded", () => resolve()));

    const onFail = vi.fn();
    const enqueue = startPublishThread(onFail, spawn)!;
    const seqs = Array.from({ length: 400 }, (_, i) => i + 1);
    const settled = await Promise.all(seqs.map((seq) => enqueue("call.changed", signal(seq), FLOOR_CHANNEL)));

    expect(settled.map((s) => s?.seq)).toEqual(seqs);
    await expect.poll(() => received.length, { timeout: 5_000 }).toBe(seqs.length);
    expect(received).toEqual(seqs);
    expect(onFail).not.toHaveBeenCalled();
    client.disconnect();
  });

  it("settles signals that share a seq on different channels (seqs are numbered per channel)", async () => {
    const enqueue = startPublishThread(vi.fn(), spawn)!;
    const settled = await Promise.all([
      enqueue("agent.changed", signal(7), FLOOR_CHANNEL),
      enqueue("agent.changed", { ...signal(7), callId: "other" }, agentChannel("a1")),
    ]);
    expect(settled.map((s) => s?.callId)).toEqual(["c7", "other"]);
  });

  it("settles what the thread had not confirmed as not sent when it dies, and hands publishing back", async () => {
    const log = captureLog("warn");
    const onFail = vi.fn();
    let worker!: Worker;
    const enqueue = startPublishThread(onFail, () => (worker = spawn()))!;
    expect(await enqueue("queue.changed", signal(1), FLOOR_CHANNEL)).toMatchObject({ seq: 1 }); // started and working
    const inFlight = Array.from({ length: 50 }, (_, i) => enqueue("queue.changed", signal(i + 2), FLOOR_CHANNEL));
    await worker.terminate();
    const outcomes = await Promise.all(inFlight);

    expect(outcomes.every((o) => o === null || o.seq > 1)).toBe(true);
    expect(outcomes).toContain(null);
    expect(onFail).toHaveBeenCalledTimes(1);
    await expect(enqueue("queue.changed", signal(99), FLOOR_CHANNEL)).resolves.toBeNull();
    expect(log.lines[0]).toMatchObject({ level: "warn", msg: expect.stringContaining("thread stopped") });
    log.restore();
  });
});

describe("a publishing thread that dies is started again", () => {
  type Start = Parameters<typeof restartingPublishThread>[0];
  const fakeThreads = () => {
    const fails: Array<() => void> = [];
    const threads: Array<NonNullable<ReturnType<Start>>> = [];
    const start: Start = (onFail) => {
      fails.push(onFail);
      const enqueue: NonNullable<ReturnType<Start>> = async () => null;
      threads.push(enqueue);
      return enqueue;
    };
    return { fails, threads, start };
  };

  it("sends from the main thread while it is down; waits 100, 200 ms as it keeps dying, and 100 again after a long life", () => {
    vi.useFakeTimers();
    try {
      let t = 0;
      const advance = (ms: number) => {
        t += ms;
        vi.advanceTimersByTime(ms);
      };
      const { fails, threads, start } = fakeThreads();
      const kept = restartingPublishThread(start, { delayMs: 100, maxMs: 1000, now: () => t });
      expect(kept.current()).toBe(threads[0]);
      expect(kept.current(), "started once, not on every publish").toBe(threads[0]);
      fails[0]!(); // dies at once
      expect(kept.current(), "the main thread sends meanwhile").toBeNull();
      advance(99);
      expect(kept.current()).toBeNull();
      advance(1);
      expect(kept.current(), "started again after 100 ms").toBe(threads[1]);
      fails[1]!(); // dies again right after its start: the wait doubles
      advance(199);
      expect(kept.current()).toBeNull();
      advance(1);
      expect(kept.current()).toBe(threads[2]);
      advance(1000); // this one lived a long time: its death counts as a fresh one
      fails[2]!();
      advance(100);
      expect(kept.current()).toBe(threads[3]);
      expect(kept.restarts()).toBe(3);
    } finally {
      vi.useRealTimers();
    }
  });

  it("a real thread killed mid-run is back after the wait and delivers again", async () => {
    const log = captureLog("warn");
    let worker!: Worker;
    const kept = restartingPublishThread((onFail) => startPublishThread(onFail, () => (worker = spawn())), { delayMs: 50 });
    expect(await kept.current()!("queue.changed", signal(1), FLOOR_CHANNEL)).toMatchObject({ seq: 1 });
    const first = worker;
    await first.terminate();
    await expect.poll(() => kept.current()).toBeNull();
    await expect.poll(() => kept.current(), { timeout: 5_000 }).not.toBeNull();
    expect(worker, "a new thread").not.toBe(first);
    expect(await kept.current()!("queue.changed", signal(2), FLOOR_CHANNEL)).toMatchObject({ seq: 2 });
    expect(kept.restarts()).toBe(1);
    expect(log.lines.map((l) => l.msg)).toEqual(expect.arrayContaining([expect.stringContaining("started again")]));
    log.restore();
  });

  it("does not retry a thread that could not start at all", () => {
    let starts = 0;
    const kept = restartingPublishThread(() => (starts++, null));
    expect(kept.current()).toBeNull();
    expect(kept.current()).toBeNull();
    expect(starts).toBe(1);
  });
});
