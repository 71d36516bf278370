// A deliberately non-atomic claim, to prove the concurrency tests can fail: the agent is read as free (when the
// heap is built) and then written BUSY without checking it still is, the read-then-write race that
// lib/routing/assign-agent.ts's conditional update (claimGuard) exists to prevent.
import { Prisma } from "../../lib/db/sql";
import { claimGuard } from "../../lib/routing/assign-agent";

const atomic = claimGuard.sql;

export function breakClaim() {
  claimGuard.sql = Prisma.empty;
}

export function restoreClaim() {
  claimGuard.sql = atomic;
}

export async function withBrokenClaim<T>(run: () => Promise<T>): Promise<T> {
  breakClaim();
  try {
    return await run();
  } finally {
    restoreClaim();
  }
}
