// Routing configuration: the documented defaults from lib/env.ts (ROUTING_* variables), optionally overridden per
// call (tests and the benchmark pass overrides instead of mutating the environment).
import { env } from "../env";

export type RoutingConfig = ReturnType<typeof env>["routing"];

export type RoutingOptions = {
  config?: Partial<RoutingConfig>;
  /** Clock for the decision (tests move it to cross the window or the maximum wait). */
  now?: Date;
  /**
   * Runs realtime publishes after the commit without holding up the caller. Defaults to fire-and-forget; a
   * route handler on Vercel should pass `after` from next/server so the work finishes after the response.
   */
  defer?: (task: () => Promise<unknown>) => void;
  /**
   * PostgreSQL: an assigned decision's record ("why this agent") is not written here but handed back on the result
   * (`record`), for the caller to write with its own next statement (issue #20: the IVR's move to the agent step,
   * lib/ivr/call-store.ts moveCall). Without it, or on SQLite, assignAgent writes the record itself.
   */
  holdDecision?: boolean;
};

export function resolveConfig(overrides?: Partial<RoutingConfig>): RoutingConfig {
  return overrides ? { ...env().routing, ...overrides } : env().routing;
}
