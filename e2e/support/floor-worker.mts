// Runs the Floor against the e2e database in a child process: the generated Prisma client is an ES module that
// Playwright's CommonJS test transform cannot load, so the specs talk to this process over IPC (floor-client.ts).
// Started with `node --import tsx`, one per Playwright worker.
import { createPrismaClient, tuneSqlite } from "../../lib/db/client.ts";
import { Floor } from "./floor.ts";

export type FloorRequest = { id: number; floor: number; op: "create" | "clear" | "addAgent" | "trackCaller" | "claimAttempts" | "cleanup"; args: unknown[] };
export type FloorReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };

const url = process.env.QA_DATABASE_URL;
if (!url) throw new Error("QA_DATABASE_URL is not set");
const db = createPrismaClient(url);
await tuneSqlite(db, url); // WAL + busy timeout: the server writes the same file at the same time
const floors = new Map<number, Floor>();

async function run(req: FloorRequest): Promise<unknown> {
  if (req.op === "create") {
    floors.set(req.floor, new Floor(db));
    return floors.get(req.floor)!.tag;
  }
  const floor = floors.get(req.floor);
  if (!floor) throw new Error(`no floor ${req.floor}`);
  switch (req.op) {
    case "clear":
      return floor.clear(req.args[0] as string[]);
    case "addAgent":
      return floor.addAgent(req.args[0] as Parameters<Floor["addAgent"]>[0]);
    case "trackCaller":
      return floor.trackCaller(req.args[0] as string);
    case "claimAttempts":
      return floor.claimAttempts();
    case "cleanup":
      try {
        return await floor.cleanup();
      } finally {
        floors.delete(req.floor);
      }
  }
}

process.on("message", (req: FloorRequest) => {
  run(req).then(
    (value) => process.send?.({ id: req.id, ok: true, value: value ?? null } satisfies FloorReply),
    (e: unknown) => process.send?.({ id: req.id, ok: false, error: e instanceof Error ? (e.stack ?? e.message) : String(e) } satisfies FloorReply),
  );
});
process.on("disconnect", () => void db.$disconnect().finally(() => process.exit(0)));
process.send?.({ id: 0, ok: true, value: "ready" } satisfies FloorReply);
