// A TCP proxy that makes a loopback PostgreSQL behave like a hosted one a network hop away, for
// `npm run bench -- --postgres URL --db-latency MS`: every byte the server sends to the database, and every byte back,
// is held for MS/2 milliseconds, so each round trip (a statement, BEGIN, COMMIT) costs MS more than on loopback.
// Order is kept per direction; nothing is dropped or reordered. Loopback only: it listens on 127.0.0.1.
//
// In its own process (forked by scripts/bench.mts, like bench-realtime.mts), so the load generator's event loop
// cannot stretch the delay. Node's timers have 1 ms granularity: the bench measures the added round trip it really
// gets (SELECT 1 direct vs through the proxy) and prints it beside the requested one.
//   -> { type: "ready", port }      listening
//   <- { type: "stop" }             closes and exits
import { createServer, connect, type Socket } from "node:net";
import { z } from "zod";

const config = z
  .object({ targetHost: z.string(), targetPort: z.number().int(), roundTripMs: z.number().min(0).max(1000) })
  .parse(JSON.parse(process.argv[2] ?? "{}"));
const oneWayMs = config.roundTripMs / 2;

/** Forwards `from` to `to`, each chunk oneWayMs after it arrived, in arrival order. */
function delayedPipe(from: Socket, to: Socket) {
  const queue: { chunk: Buffer; due: number }[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    timer = undefined;
    const now = performance.now();
    while (queue.length > 0 && queue[0]!.due <= now) to.write(queue.shift()!.chunk);
    if (queue.length > 0) timer = setTimeout(flush, queue[0]!.due - now);
  };
  from.on("data", (chunk: Buffer) => {
    if (oneWayMs === 0) {
      to.write(chunk);
      return;
    }
    queue.push({ chunk, due: performance.now() + oneWayMs });
    timer ??= setTimeout(flush, oneWayMs);
  });
  from.on("end", () => {
    // Deliver what is still in flight, then half-close like the sender did.
    const finish = () => (queue.length > 0 ? setTimeout(finish, oneWayMs) : to.end());
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
  delayedPipe(client, upstream);
  delayedPipe(upstream, client);
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
