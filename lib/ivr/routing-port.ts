// lib/routing as the flow sees it. Routing's own realtime signals are deferred past the response like ours.
import { countStatementsIn } from "../db/statement-count";
import * as routing from "../routing";
import { defer } from "./defer";
import type { RoutingPort } from "./flow";

export const liveRouting: RoutingPort = {
  // One routing decision = one statement-count scope "decision" (lib/db/statement-count.ts; off unless benchmarking).
  // An assigned decision's record is written with the flow's move to the agent step (holdDecision; PostgreSQL).
  assignAgent: (db, input) => countStatementsIn("decision", () => routing.assignAgent(db, input, { defer, holdDecision: true })),
  recordDialResult: (db, input) => routing.recordDialResult(db, input, { defer }),
  recordRating: (db, input) => routing.recordRating(db, input, { defer }),
  releaseCall: (db, input) => routing.releaseCall(db, input, { defer }),
};
