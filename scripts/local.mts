// The README's run command: start the app on its embedded defaults with no configuration.
//   1. validate the environment (lib/env.ts) and stop with a clear message if it is malformed;
//   2. bring the SQLite file up to the committed migrations and seed it (both idempotent);
//   3. start the local Pusher-protocol server when PUSHER_HOST points at this machine;
//   4. run Next.js: `next dev` by default, `next build` + `next start` with --prod.
// With production variables set (DATABASE_URL, hosted Pusher) steps 2-3 are skipped for what is not local.
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { EnvError, loadEnv } from "../lib/env.ts";
import { migrateDeploy, sqliteFilePath } from "../lib/db/migrate.ts";
import { startLocalPusherServer, type LocalPusherServer } from "../lib/realtime/local-pusher-server.ts";

const argv = process.argv.slice(2);
const args = new Set(argv);
// The local defaults are published secrets: listen on loopback only unless asked (--host 0.0.0.0 or LOCAL_HOST).
const hostFlag = argv.indexOf("--host");
const bindHost = (hostFlag >= 0 ? argv[hostFlag + 1] : undefined) ?? process.env.LOCAL_HOST ?? "127.0.0.1";
const prod = args.has("--prod");
const root = resolve(import.meta.dirname, "..");
const log = (line: string) => console.log(`[local] ${line}`);

let config: ReturnType<typeof loadEnv>;
try {
  config = loadEnv(process.env);
} catch (err) {
  console.error(err instanceof EnvError ? err.message : err);
  console.error("Fix the variables above (see README, Configuration) and start again.");
  process.exit(1);
}

const sqliteFile = sqliteFilePath(config.databaseUrl, root);
log(sqliteFile ? `${existsSync(sqliteFile) ? "checking" : "creating"} database ${sqliteFile}` : "checking PostgreSQL database");
migrateDeploy(config.databaseUrl, root);
{
  const { createPrismaClient, tuneSqlite } = await import("../lib/db/client.ts");
  const { seedDatabase } = await import("../lib/db/seed.ts");
  const db = createPrismaClient(config.databaseUrl);
  await tuneSqlite(db, config.databaseUrl);
  const seeded = await seedDatabase(db, config.supervisor);
  log(`seed: +${seeded.languages} languages, +${seeded.agents} agents, +${seeded.supervisors} supervisors`);
  await db.$disconnect();
}

let pusher: LocalPusherServer | undefined;
const loopback = ["127.0.0.1", "localhost", "::1", "0.0.0.0"];
if (config.pusher.host && loopback.includes(config.pusher.host)) {
  try {
    pusher = await startLocalPusherServer({
      apps: [{ id: config.pusher.appId, key: config.pusher.key, secret: config.pusher.secret }],
      host: config.pusher.host === "localhost" ? "127.0.0.1" : config.pusher.host,
      port: config.pusher.port,
      log,
    });
    log(`local Pusher server on ws://${pusher.host}:${pusher.port}`);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EADDRINUSE") throw err;
    log(`port ${config.pusher.port} is taken: using the Pusher-protocol server already running there`);
  }
}

const nextBin = resolve(root, "node_modules/.bin/next");
const childEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", PORT: String(config.port) };
if (prod && !args.has("--no-build")) {
  log("building (next build)");
  const build = spawnSync(nextBin, ["build"], { cwd: root, env: childEnv, stdio: "inherit" });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
const next = spawn(nextBin, [prod ? "start" : "dev", "--port", String(config.port), "--hostname", bindHost], {
  cwd: root,
  env: childEnv,
  stdio: "inherit",
});
log(`app on ${config.publicBaseUrl} (${prod ? "production build" : "development"}), listening on ${bindHost}`);

let stopping = false;
const stop = async (code: number) => {
  if (stopping) return;
  stopping = true;
  next.kill("SIGTERM");
  await pusher?.close();
  process.exit(code);
};
process.on("SIGINT", () => void stop(0));
process.on("SIGTERM", () => void stop(0));
next.on("exit", (code) => void stop(code ?? 0));
