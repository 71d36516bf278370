// Public contract of lib/routing: what the IVR webhooks and the dashboard call. Implementations live in the
// files of this folder (heap, score, claims, queue, stats, reconcile); this module only re-exports them.
// The score, window, prior and tie-break are defined in ./README.md.
import { assignAgent } from "./assign-agent";
import { listQueue } from "./queue";
import { rankAgents } from "./rank-agents";
import { reconcile } from "./reconcile";
import { recordDialResult } from "./record-dial-result";
import { recordRating } from "./record-rating";
import { releaseCall } from "./release-call";

export type { AgentScoreTerms, AssignInput, AssignResult, DialOutcome, DialResult, Routing, RoutingCallSnapshot } from "./types";
export type { RoutingSnapshotColumns } from "./call-snapshot";
export { routingSnapshotColumns, routingSnapshotJoin, snapshotFrom } from "./call-snapshot";
export type { RoutingConfig, RoutingOptions } from "./config";
export type { RankedAgent } from "./rank-agents";
export type { QueueEntry } from "./queue";
export { RoutingError } from "./assign-agent";
export { assignAgent, listQueue, rankAgents, reconcile, recordDialResult, recordRating, releaseCall };
export { authorizeCron } from "./authorize-cron";

