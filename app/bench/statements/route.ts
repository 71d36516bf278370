// Statement counts for the load benchmark (npm run bench): round trips per webhook route and per routing decision,
// transactions and their longest span, as counted by lib/db/statement-count.ts in this server process. GET reads
// them, DELETE starts a new count (the bench does so before each measured level). A 404 unless the bench started
// the server with BENCH_COUNT_STATEMENTS=1: nothing here is for production.
import { env } from "@/lib/env";
import { resetStatementCounts, statementSnapshot } from "@/lib/db/statement-count";
import { isSqlite, walCheckpointer } from "@/lib/db/client";
import { admissionStats, resetAdmissionStats } from "@/lib/ivr/admission";

export const dynamic = "force-dynamic";

const notFound = () => new Response("Not found", { status: 404, headers: { "content-type": "text/plain" } });

export function GET() {
  if (!env().benchCountStatements) return notFound();
  // SQLite: who checkpoints the WAL (lib/db/wal-checkpointer.ts), with the thread's counts.
  const checkpointer = walCheckpointer();
  const walCheckpoints = !isSqlite(env().databaseUrl)
    ? null
    : checkpointer
      ? { mode: checkpointer.mode(), ...checkpointer.stats() }
      : { mode: "inline" as const, checkpoints: 0, longestMs: 0, restarts: 0 };
  // WEBHOOK_CONCURRENCY: how long webhooks waited for their turn (lib/ivr/admission.ts); null without a limit.
  return Response.json({ ...statementSnapshot(), walCheckpoints, admission: admissionStats() }, { headers: { "cache-control": "no-store" } });
}

export function DELETE() {
  if (!env().benchCountStatements) return notFound();
  resetStatementCounts();
  resetAdmissionStats();
  return new Response(null, { status: 204 });
}
