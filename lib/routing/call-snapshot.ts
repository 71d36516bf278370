// What a routing decision needs to know about the call before it decides (assignAgent's first read): the call's
// state, the dialled number, the customer's priority and last rated agent, and how many agents it already rang.
// The IVR reads the call row in the same webhook anyway, so it can read these columns in that statement and hand the
// snapshot to assignAgent (`known`), which then skips its own read: one round trip less per decision (issue #20).
import { Prisma } from "../db/sql";
import type { Call } from "../generated/prisma/client";
import type { RoutingCallSnapshot } from "./types";

/** The extra columns routingSnapshotColumns adds to a row of "Call" (counts come back as bigint on both drivers). */
export type RoutingSnapshotColumns = {
  customerPriority: number | bigint | null;
  customerLastAgentId: string | null;
  customerLastRating: number | bigint | null;
  assignmentsTried: number | bigint;
};

function alias(name: string): Prisma.Sql {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`not a table alias: ${name}`);
  return Prisma.raw(name);
}

/**
 * The customer and tried-agent columns of a routing snapshot, for a SELECT over "Call" aliased `callAlias`; the
 * statement must also have routingSnapshotJoin(callAlias) (the customer as "cu"). Use with snapshotFrom:
 *   SELECT c.*, ${routingSnapshotColumns("c")} FROM "Call" c ${routingSnapshotJoin("c")} WHERE c."callUuid" = ...
 */
export function routingSnapshotColumns(callAlias: string): Prisma.Sql {
  const c = alias(callAlias);
  return Prisma.sql`cu."priority" AS "customerPriority", cu."lastAgentId" AS "customerLastAgentId", cu."lastRating" AS "customerLastRating",
      (SELECT COUNT(*) FROM "AgentAssignment" s WHERE s."callId" = ${c}."id") AS "assignmentsTried"`;
}

/** The join routingSnapshotColumns reads the customer through. */
export function routingSnapshotJoin(callAlias: string): Prisma.Sql {
  return Prisma.sql`LEFT JOIN "Customer" cu ON cu."id" = ${alias(callAlias)}."customerId"`;
}

type SnapshotCall = Pick<Call, "status" | "agentId" | "queuedAt" | "placeAt" | "endedAt" | "to" | "requiredSkill">;

/** The snapshot assignAgent takes as `known`, from a call row read with routingSnapshotColumns. */
export function snapshotFrom(row: SnapshotCall & RoutingSnapshotColumns): RoutingCallSnapshot {
  return {
    status: row.status,
    agentId: row.agentId,
    queuedAt: row.queuedAt,
    placeAt: row.placeAt,
    endedAt: row.endedAt,
    to: row.to,
    requiredSkill: row.requiredSkill,
    priority: row.customerPriority == null ? null : Number(row.customerPriority),
    lastAgentId: row.customerLastAgentId,
    lastRating: row.customerLastRating == null ? null : Number(row.customerLastRating),
    tried: Number(row.assignmentsTried),
  };
}
