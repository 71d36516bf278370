// Public contract types of lib/routing: what the IVR webhooks and the dashboard code against.
import type { Db } from "../db/client";
import type { CallStatus } from "../generated/prisma/enums";
import type { RoutingOptions } from "./config";
import type { DecisionRow } from "./decision-record";
import type { ReconcileOptions, ReconcileResult } from "./reconcile";

export type AgentScoreTerms = {
  recentCalls: number; // assignments in the sliding window
  avgDurationSeconds: number;
  avgRating: number; // with the documented prior applied
  ratingCount: number;
  score: number; // recent*10 + avgDuration/60 - avgRating*5 (weights from config) - exploration
  exploration?: number; // score points subtracted while the agent's rating is uncertain (ROUTING_WEIGHT_EXPLORATION)
  proficiency?: number; // 1-5 in the skill the caller needs (#19); absent when no skill was required
  skillPoints?: number; // score points subtracted for it: ROUTING_WEIGHT_SKILL x proficiency
};

/**
 * What a routing decision reads about the call first (call-snapshot.ts): a caller that already read it in the same
 * request (the IVR, with routingSnapshotColumns and snapshotFrom) passes it to assignAgent as `known`, which then
 * skips that read. It must be read before anything in the request changed the call's routing state.
 */
export type RoutingCallSnapshot = {
  status: CallStatus;
  agentId: string | null;
  queuedAt: Date | null;
  placeAt: Date | null;
  endedAt: Date | null;
  to: string; // the dialled number (the skill it needs, ROUTING_SKILL_BY_NUMBER)
  requiredSkill: string | null;
  priority: number | null; // Customer.priority
  lastAgentId: string | null; // Customer.lastAgentId
  lastRating: number | null; // Customer.lastRating
  tried: number; // AgentAssignment rows of the call: agents it already rang
};

/** assignAgent's input: the call, its language, and optionally the snapshot the caller already read. */
export type AssignInput = { callId: string; languageCode: string; known?: RoutingCallSnapshot };

export type AssignResult =
  | {
      kind: "assigned";
      agent: { id: string; name: string; phone: string };
      decisionId: string;
      terms: AgentScoreTerms;
      /** The decision's record, still to be written by the caller (RoutingOptions.holdDecision, PostgreSQL only). */
      record?: DecisionRow;
    }
  | { kind: "queued"; position: number; waitedSeconds: number; decisionId: string; waitingForPreferred?: true } // #19: held for the agent they last rated 3-4
  | { kind: "gave-up"; waitedSeconds: number }; // waited past the configured maximum

export type DialOutcome = "completed" | "busy" | "failed" | "timeout" | "no-answer" | "cancel";

export type DialResult =
  | { next: "feedback"; agentId: string; talkSeconds: number } // agent talked to the caller: ask for the rating
  | { next: "retry" } // missed: agent released (and maybe set AWAY); route again to the next best
  | { next: "queue" } // tried the maximum number of agents: queue the caller
  | { next: "ended" }; // the caller left (Dial cancel, or the call was already released): agent freed, no miss

export interface Routing {
  /** Route (or re-route, from the queue) a call to the best available agent for its language; idempotent per call. */
  assignAgent(db: Db, input: AssignInput, opts?: RoutingOptions): Promise<AssignResult>;
  /** Dial action: record what happened on the agent leg; releases the agent and updates stats. Idempotent. */
  recordDialResult(
    db: Db,
    input: { callId: string; dialStatus: DialOutcome; talkSeconds: number; known?: { lastAssignment: { id: string; agentId: string; outcome: string } | null } },
    opts?: RoutingOptions,
  ): Promise<DialResult>;
  /** Level 3: store the caller's 1-4 rating once per call and fold it into the agent's stats and coaching flag. */
  recordRating(db: Db, input: { callId: string; rating: number }, opts?: RoutingOptions): Promise<{ stored: boolean }>;
  /** Hangup: release anything the call still holds (agent, queue place). Idempotent. */
  releaseCall(db: Db, input: { callId: string }, opts?: RoutingOptions): Promise<{ agentId: string | null; dequeued: boolean }>;
  /** Every agent serving a language with live score terms, in heap order (next up first); unavailable agents last. */
  rankAgents(db: Db, languageCode: string, opts?: RoutingOptions): Promise<Array<{ agentId: string; rank: number | null; available: boolean; terms: AgentScoreTerms }>>;
  /** Callers waiting, oldest first, with their position per language. */
  listQueue(db: Db): Promise<Array<{ callId: string; languageCode: string; position: number; queuedAt: Date }>>;
  /** Free agents left BUSY by calls that have ended, and drop stale queue entries; returns how many of each. */
  reconcile(db: Db, now?: Date, opts?: ReconcileOptions): Promise<ReconcileResult>;
}
