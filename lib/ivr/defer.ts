// Work that must not hold up the caller (realtime signals, the receipt's answer, callback dispatch rounds): after
// the response. Inside a Next request that is next/server after(), so a serverless host still finishes it. Outside
// Next (tests, scripts, the plain-Node servers of the chaos test) ivrRoute plays after()'s part with
// runDeferredAfter: tasks deferred while a step runs start once it has answered, so the statement counter
// (lib/db/statement-count.ts) files their statements under "<route>:after" in tests as in production; with no step
// around, a task starts on the next event-loop turn. Errors are the task's own business.
import { AsyncLocalStorage } from "node:async_hooks";
import { after } from "next/server";

type Pending = { tasks: Array<() => void>; done: boolean };
// On globalThis: each bundled copy of this module must find the step's queue.
const g = globalThis as unknown as { ivrDeferred?: AsyncLocalStorage<Pending> };
const pending = (g.ivrDeferred ??= new AsyncLocalStorage<Pending>());

export function defer(task: () => Promise<unknown>): void {
  try {
    after(task);
    return;
  } catch {
    // Outside a request scope Next throws.
  }
  // Bound to this context: its statements still belong to the step that deferred them (as "<route>:after").
  const run = AsyncLocalStorage.bind(() => void task().catch(() => undefined));
  const step = pending.getStore();
  if (step && !step.done) step.tasks.push(run);
  else setImmediate(run);
}

/** Runs a step; what it deferred (outside Next) starts once it has settled, without being waited for. */
export async function runDeferredAfter<T>(fn: () => Promise<T>): Promise<T> {
  const step: Pending = { tasks: [], done: false };
  try {
    return await pending.run(step, fn);
  } finally {
    step.done = true;
    for (const run of step.tasks.splice(0)) run();
  }
}
