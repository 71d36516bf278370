// The production server on every core: `next start` runs one Node event loop, i.e. one core, so on a machine with
// more cores this forks one `next start` per worker and lets node:cluster share the port between them (the
// primary accepts connections and hands them round-robin to the workers). Each worker is an independent instance,
// exactly as several serverless instances are: routing claims are atomic in the database, agent caches are per
// process, realtime signals are numbered per instance. SQLite in WAL mode takes writers from several processes.
//
//   node scripts/serve-cluster.mjs [--workers N] [--port P]    (N defaults to the number of cores)
// Plain JavaScript so workers start without a TypeScript loader. A worker that dies is replaced; one that dies while
// starting stops the whole server with exit code 1 (a replacement would only fail again).
import cluster from "node:cluster";
import { availableParallelism } from "node:os";
import { createRequire } from "node:module";
import { resolve } from "node:path";
import { z } from "zod";

const args = process.argv.slice(2);
const flag = (name) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const parsed = z
  .object({
    workers: z.coerce.number({ error: "--workers / WEB_CONCURRENCY must be a whole number from 1 to 64" }).int().min(1).max(64),
    port: z.coerce.number({ error: "--port / PORT must be a TCP port (1-65535)" }).int().min(1).max(65535),
  })
  .safeParse({
    workers: flag("workers") ?? process.env.WEB_CONCURRENCY ?? availableParallelism(),
    port: flag("port") ?? process.env.PORT ?? 3000,
  });
if (!parsed.success) {
  for (const issue of parsed.error.issues) console.error(`serve-cluster: ${issue.path.join(".")}: ${issue.message}`);
  process.exit(2);
}
const { workers, port } = parsed.data;

/** A worker that exits sooner than this after it was started failed to start (see the exit handler). */
const STARTUP_MS = 15_000;

if (cluster.isPrimary) {
  cluster.schedulingPolicy = cluster.SCHED_RR;
  let stopping = false;
  // When each worker was started. Next listens before it has loaded its config, so "listening" does not mean the
  // worker came up: one that exits within STARTUP_MS of its start is taken as failing to start.
  const startedAt = new Map();
  const fork = () => startedAt.set(cluster.fork().id, Date.now());
  for (let i = 0; i < workers; i++) fork();
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) return;
    if (Date.now() - (startedAt.get(worker.id) ?? 0) < STARTUP_MS) {
      // A malformed environment, no build, the port taken: a replacement would fail the same way, forever. Its own
      // error is above; stop with a failure instead.
      console.error(JSON.stringify({ level: "error", msg: "server worker failed to start; stopping", pid: worker.process.pid, code, signal }));
      stop(1);
      return;
    }
    console.error(JSON.stringify({ level: "error", msg: "server worker exited; starting another", pid: worker.process.pid, code, signal }));
    fork();
  });
  const stop = (exitCode = 0) => {
    stopping = true;
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill("SIGTERM");
    let left = Object.keys(cluster.workers ?? {}).length;
    if (left === 0) process.exit(exitCode);
    cluster.on("exit", () => {
      left -= 1;
      if (left === 0) process.exit(exitCode);
    });
    // A worker stuck in its own shutdown must not keep the port (and this process) alive.
    setTimeout(() => {
      for (const w of Object.values(cluster.workers ?? {})) w?.process.kill("SIGKILL");
      process.exit(1);
    }, 10_000).unref();
  };
  process.on("SIGTERM", () => stop());
  process.on("SIGINT", () => stop());
  console.log(JSON.stringify({ level: "info", msg: "production server", workers, port }));
} else {
  // Hand over to Next's own CLI, as `next start --port P` would run in a single process.
  const require = createRequire(import.meta.url);
  process.argv = [process.argv[0], resolve("node_modules/next/dist/bin/next"), "start", "--port", String(port)];
  require(resolve("node_modules/next/dist/bin/next"));
}
