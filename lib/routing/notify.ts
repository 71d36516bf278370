// Realtime signals for routing changes. Always sent after the commit and off the caller's critical path:
// a dashboard that misses one re-syncs on the next signal (publish() already swallows its own errors).
import { agentChannel } from "../agent-state/channel";
import { publish } from "../realtime/publish";
import type { RoutingOptions } from "./config";

type Ready =
  | { event: "agent.changed"; agentId: string; status: string; callId?: string }
  | { event: "queue.changed"; callId?: string; status?: string }
  | { event: "feedback.received"; agentId: string; callId: string };
// An agent's status may be read when the signal goes out (after the response): the read is for the dashboard, not
// the caller (issue #20); a status that reads null (the agent is gone) drops the signal.
type Signal = Exclude<Ready, { event: "agent.changed" }> | { event: "agent.changed"; agentId: string; status: string | (() => Promise<string | null>); callId?: string };

const background = (task: () => Promise<unknown>) => {
  void task().catch(() => undefined);
};

export function notify(opts: RoutingOptions, signals: Signal[]): void {
  if (signals.length === 0) return;
  // All published at once: publish() numbers them in call order and sends them together in one request.
  // An agent's change also goes to that agent's own channel, where their workspace listens (lib/agent-state).
  const lazy = signals.some((s) => s.event === "agent.changed" && typeof s.status === "function");
  const send = (ready: Ready[]) =>
    Promise.all(
      ready.flatMap(({ event, ...payload }) => [
        publish(event, payload),
        ...(event === "agent.changed" && "agentId" in payload ? [publish(event, payload, agentChannel(payload.agentId))] : []),
      ]),
    );
  const resolve = async (s: Signal): Promise<Ready | null> => {
    if (s.event !== "agent.changed" || typeof s.status !== "function") return s as Ready;
    const status = await s.status();
    return status === null ? null : { ...s, status };
  };
  const task = lazy
    ? async () => send((await Promise.all(signals.map(resolve))).filter((s): s is Ready => s !== null))
    : () => send(signals as Ready[]);
  try {
    (opts.defer ?? background)(task);
  } catch {
    // e.g. next/server `after` outside a request scope: a signal is never worth failing routing for.
    background(task);
  }
}
