// The thread a self-hosted server prunes on (run-in-worker.ts starts it; README "Retention"). Plain JavaScript loaded
// by path, not bundled: Next's bundler never sees this file, so `next start`, `npm run serve`'s workers, `next dev`,
// the tests and the bench all load this same file from lib/retention/. It compiles the TypeScript pass with tsx (a
// production dependency; ~1 s at start-up, on this thread) and runs pruneOnce on its own database connection, so
// the pass's synchronous SQLite work and Prisma's statement planning never hold the server's event loop.
import { parentPort, workerData } from "node:worker_threads";
import { tsImport } from "tsx/esm/api";

const { pruneWithOwnConnection } = await tsImport("./prune-thread.ts", import.meta.url);
const result = await pruneWithOwnConnection(workerData.databaseUrl, workerData.options);
parentPort.postMessage(result);
