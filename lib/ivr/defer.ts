// Work that must not hold up the caller (realtime signals): after the response inside a Next request, so a
// serverless host still finishes it; fire-and-forget elsewhere (tests, scripts). Errors are the task's own business.
import { after } from "next/server";

export function defer(task: () => Promise<unknown>): void {
  try {
    after(task);
  } catch {
    // Outside a request scope Next throws; run it now without waiting.
    void task().catch(() => undefined);
  }
}
