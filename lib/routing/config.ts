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
};

export function resolveConfig(overrides?: Partial<RoutingConfig>): RoutingConfig {
  return overrides ? { ...env().routing, ...overrides } : env().routing;
}
