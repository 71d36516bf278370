// A TCP proxy that makes a loopback PostgreSQL behave like a hosted one a network hop away, for
// `npm run bench -- --postgres URL --db-latency MS`: every byte the server sends to the database is held for MS
// milliseconds, so each round trip (a statement, BEGIN, COMMIT) costs MS more than on loopback. The whole round
// trip's delay sits on the way in (one timer per round trip): Node's timers fire up to ~1 ms late, and MS/2 each way
// measured +3.0 ms for MS = 2 where one timer gives about +2.2. PostgreSQL's protocol is request/response, so where
// the delay sits does not change what a round trip costs. Order is kept; nothing is dropped or reordered.
// Loopback only: it listens on 127.0.0.1.
//
// In its own process (forked by scripts/bench.mts, like bench-realtime.mts), so the load generator's event loop
// cannot stretch the delay. The bench measures the added round trip it really gets (SELECT 1 direct vs through the
// proxy) and prints it beside the requested one.
//   -> { type: "ready", port }      listening
//   <- { type: "stop" }             closes and exits
import { createServer, connect, type Socket } from "node:net";
import { z } from "zod";

const config = z
  .object({ targetHost: z.string(), targetPort: z.number().int(), roundTripMs: z.number().min(0).max(1000) })
  .parse(JSON.parse(process.argv[2] ?? "{}"));
/** Forwards `from` to `to`, each chunk `delayMs` after it arrived, in arrival order. */
function delayedPipe(from: Socket, to: Socket, delayMs: number) {
  const queue: { chunk: Buffer; due: number }[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    timer = undefined;
    const now = performance.now();
    while (queue.length > 0 && queue[0]!.due <= now) to.write(queue.shift()!.chunk);
    if (queue.length > 0) timer = setTimeout(flush, queue[0]!.due - now);
  };
  from.on("data", (chunk: Buffer) => {
    if (delayMs === 0) {
      to.write(chunk);
      return;
    }
    queue.push({ chunk, due: performance.now() + delayMs });
    timer ??= setTimeout(flush, delayMs);
  });
  from.on("end", () => {
    // Deliver what is still in flight, then half-close like the sender did.
    const finish = () => (queue.length > 0 ? setTimeout(finish, delayMs) : to.end());
    finish();
  });
}

let connections = 0;
let peak = 0;
const server = createServer((client) => {
  const upstream = connect({ host: config.targetHost, port: config.targetPort });
  connections++;
  peak = Math.max(peak, connections);
  client.setNoDelay(true);
  upstream.setNoDelay(true);
  delayedPipe(client, upstream, config.roundTripMs);
  delayedPipe(upstream, client, 0);
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    connections--;
    client.destroy();
    upstream.destroy();
  };
  client.on("error", close).on("close", close);
  upstream.on("error", close).on("close", close);
});

server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  process.send?.({ type: "ready", port: typeof address === "object" && address ? address.port : 0 });
});

process.on("message", (raw) => {
  const m = z.object({ type: z.enum(["stop", "peak"]) }).parse(raw);
  if (m.type === "peak") {
    process.send?.({ type: "peak", connections: peak, open: connections });
    peak = connections;
    return;
  }
  server.close();
  process.exit(0);
});
