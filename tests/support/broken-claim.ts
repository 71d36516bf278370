// A deliberately non-atomic claim, to prove the concurrency tests can fail: the agent is read as free (when the
// heap is built) and then written BUSY without checking it still is, the read-then-write race that
// lib/routing/claim-agent.ts's conditional update (claimGuard) exists to prevent.
import { claimGuard } from "../../lib/routing/claim-agent";

export function breakClaim() {
  claimGuard.atomic = false;
}

export function restoreClaim() {
  claimGuard.atomic = true;
}

export async function withBrokenClaim<T>(run: () => Promise<T>): Promise<T> {
  breakClaim();
  try {
    return await run();
  } finally {
    restoreClaim();
  }
}
