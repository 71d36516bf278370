// A separate server instance for the cross-process tests and the benchmark: routes the given calls concurrently
// against DATABASE_URL with its own Prisma client and its own heap cache, and prints the results as JSON.
// Usage: DATABASE_URL=file:... tsx tests/support/assign-worker.mts '{"callIds":["..."],"languageCode":"en"}'
// With "barrier": true it warms its client and heap, prints "ready", and starts only on a line on stdin, so that
// two workers really route at the same moment. "brokenClaim": true swaps in a non-atomic claim (broken-claim.ts).
import { createInterface } from "node:readline";
import { z } from "zod";

const args = z
  .object({
    callIds: z.array(z.string()),
    languageCode: z.string(),
    cacheTtlMs: z.number().int().min(0).default(60_000),
    barrier: z.boolean().default(false),
    brokenClaim: z.boolean().default(false),
  })
  .parse(JSON.parse(process.argv[2] ?? "{}"));
const { createPrismaClient, tuneSqlite } = await import("../../lib/db/client.ts");
const { assignAgent } = await import("../../lib/routing/assign-agent.ts");
const { getPool } = await import("../../lib/routing/agent-pool.ts");
const { resolveConfig } = await import("../../lib/routing/config.ts");
const { breakClaim } = await import("./broken-claim.ts");
const url = z.string().parse(process.env.DATABASE_URL);
const db = createPrismaClient(url);
await tuneSqlite(db, url);
const opts = { config: { cacheTtlMs: args.cacheTtlMs }, defer: () => undefined };
if (args.brokenClaim) breakClaim();
if (args.barrier) {
  await getPool(db, args.languageCode, resolveConfig(opts.config), new Date());
  process.stdout.write("ready\n");
  await new Promise<void>((go) => createInterface({ input: process.stdin }).once("line", () => go()));
}
// Everything at once, as a burst of webhooks would arrive.
const started = performance.now();
const results = await Promise.all(
  args.callIds.map((callId) => assignAgent(db, { callId, languageCode: args.languageCode }, opts)),
);
const elapsedMs = performance.now() - started;
await db.$disconnect();
process.stdout.write(
  JSON.stringify({
    elapsedMs,
    results: results.map((r) => (r.kind === "assigned" ? { kind: r.kind, agentId: r.agent.id } : { kind: r.kind })),
  }),
);
