// recordRating: the caller's 1-4 rating, stored once per call (Feedback.callId is unique). The Feedback row, the
// agent's ratingSum/ratingCount, the coaching flag and the customer's lastRating change in one transaction, so a
// retried rating either finds the row and changes nothing, or loses the unique-key race and rolls back entirely.
import { z } from "zod";
import type { Db } from "../db/client";
import { direct } from "../db/direct";
import { isUniqueViolation, Prisma, sortableId } from "../db/sql";
import { agentStatus, markAgentsDirty } from "./agent-pool";
import { type RoutingOptions, resolveConfig } from "./config";
import { notify } from "./notify";

const ratingInput = z.object({ callId: z.string().min(1), rating: z.number().int().min(1).max(4) });

export async function recordRating(
  db: Db,
  rawInput: { callId: string; rating: number },
  opts: RoutingOptions = {},
): Promise<{ stored: boolean }> {
  const { callId, rating } = ratingInput.parse(rawInput);
  const cfg = resolveConfig(opts.config);
  const now = opts.now ?? new Date();

  const feedbackId = sortableId(now.getTime());
  let agentId: string | null;
  // The agent's status for the dashboards' signal: returned by PostgreSQL's statement, else read after the response.
  let agentStatusNow: string | null = null;
  try {
    if ((await direct(db).provider()) === "postgres") {
      // One statement reads the call and stores the rating (issue #20); no row back: already rated, or no such call.
      const rated = await rateInOneStatement(db, { feedbackId, callId, rating, now }, cfg);
      if (!rated) return { stored: false };
      agentId = rated.agentId;
      agentStatusNow = rated.agentStatus;
    } else {
      // Raw SQL here and below: one rating per call, on the caller's last webhook (lib/db/sql.ts).
      const [call] = await direct(db).$queryRaw<
        Array<{ agentId: string | null; customerId: string | null; agentTalkSeconds: number | null; feedbackId: string | null }>
      >`
        SELECT c."agentId", c."customerId", c."agentTalkSeconds", f."id" AS "feedbackId"
        FROM "Call" c LEFT JOIN "Feedback" f ON f."callId" = c."id" WHERE c."id" = ${callId}`;
      if (!call || call.feedbackId) return { stored: false };
      agentId = call.agentId;
      const ratedAgent = agentId;
      await direct(db).$transaction(async (tx) => {
        await tx.$executeRaw`
          INSERT INTO "Feedback" ("id", "callId", "agentId", "customerId", "rating", "callDuration", "createdAt")
          VALUES (${feedbackId}, ${callId}, ${ratedAgent}, ${call.customerId}, ${rating}, ${call.agentTalkSeconds ?? 0}, ${now})`;
        if (call.customerId) {
          await tx.$executeRaw`UPDATE "Customer" SET "lastRating" = ${rating}, "updatedAt" = ${new Date()} WHERE "id" = ${call.customerId}`;
        }
        if (!ratedAgent) return;
        // Coaching looks at the recent trend, not the lifetime mean: the last coachingWindow ratings.
        const recent = await tx.$queryRaw<Array<{ rating: number }>>`
          SELECT "rating" FROM "Feedback" WHERE "agentId" = ${ratedAgent} ORDER BY "createdAt" DESC, "id" DESC LIMIT ${cfg.coachingWindow}`;
        const mean = recent.reduce((sum, f) => sum + f.rating, 0) / Math.max(1, recent.length);
        const flag = recent.length >= cfg.coachingMinRatings && mean < cfg.coachingThreshold;
        await tx.$executeRaw`
          UPDATE "Agent" SET "ratingSum" = "ratingSum" + ${rating}, "ratingCount" = "ratingCount" + 1, "coachingFlag" = ${flag},
            "updatedAt" = ${new Date()}
          WHERE "id" = ${ratedAgent}`;
      });
    }
  } catch (err) {
    // A concurrent delivery of the same rating stored it first: this one changed nothing.
    if (isUniqueViolation(err)) return { stored: false };
    throw err;
  }

  if (agentId) {
    markAgentsDirty(db, [agentId]);
    notify(opts, [
      { event: "feedback.received", agentId, callId },
      { event: "agent.changed", agentId, status: agentStatusNow ?? (async () => (await agentStatus(db, agentId)) ?? "UNKNOWN") },
    ]);
  }
  return { stored: true };
}

/**
 * PostgreSQL: the call's read, the rating, the customer's lastRating and the agent's totals and coaching flag in one
 * statement of data-modifying CTEs, one round trip instead of seven (a read, BEGIN, four statements, COMMIT; issue
 * #20). The Feedback row takes the call's agent, customer and talk time from the call itself; a call already rated
 * (Feedback.callId is unique: ON CONFLICT DO NOTHING) or unknown inserts nothing, and every other write is conditional
 * on the insert, so a second rating changes nothing, as before. The statement's snapshot does not see its own new
 * Feedback row, so the coaching window is the agent's latest coachingWindow ratings with the new one added and the
 * latest coachingWindow of those kept (the same rows the transaction read). Returns the rated agent and their status
 * (for the dashboards' signal), or null when nothing was stored.
 */
async function rateInOneStatement(
  db: Db,
  r: { feedbackId: string; callId: string; rating: number; now: Date },
  cfg: ReturnType<typeof resolveConfig>,
): Promise<{ agentId: string | null; agentStatus: string | null } | null> {
  const at = Prisma.sql`CAST(${r.now} AS TIMESTAMP(3))`;
  const [row] = await direct(db).$queryRaw<Array<{ agentId: string | null; agentStatus: string | null }>>`
    WITH "rated" AS (
      INSERT INTO "Feedback" ("id", "callId", "agentId", "customerId", "rating", "callDuration", "createdAt")
      SELECT ${r.feedbackId}, c."id", c."agentId", c."customerId", ${r.rating}, COALESCE(c."agentTalkSeconds", 0), ${at}
      FROM "Call" c WHERE c."id" = ${r.callId}
      ON CONFLICT ("callId") DO NOTHING
      RETURNING "agentId", "customerId"
    ), "customer" AS (
      UPDATE "Customer" SET "lastRating" = ${r.rating}, "updatedAt" = ${new Date()} WHERE "id" = (SELECT "customerId" FROM "rated")
    ), "recent" AS (
      SELECT "rating" FROM (
        (SELECT "rating", "createdAt", "id" FROM "Feedback" WHERE "agentId" = (SELECT "agentId" FROM "rated")
          ORDER BY "createdAt" DESC, "id" DESC LIMIT ${cfg.coachingWindow})
        UNION ALL SELECT CAST(${r.rating} AS INTEGER), ${at}, CAST(${r.feedbackId} AS TEXT)
      ) AS "w" ORDER BY "createdAt" DESC, "id" DESC LIMIT ${cfg.coachingWindow}
    ), "agent" AS (
      UPDATE "Agent" SET "ratingSum" = "ratingSum" + ${r.rating}, "ratingCount" = "ratingCount" + 1, "updatedAt" = ${new Date()},
        "coachingFlag" = (SELECT COUNT(*) >= ${cfg.coachingMinRatings} AND AVG("rating") < CAST(${cfg.coachingThreshold} AS DOUBLE PRECISION) FROM "recent")
      WHERE "id" = (SELECT "agentId" FROM "rated")
      RETURNING CAST("status" AS TEXT) AS "status"
    )
    SELECT "agentId", (SELECT "status" FROM "agent") AS "agentStatus" FROM "rated"`;
  return row ? { agentId: row.agentId, agentStatus: row.agentStatus } : null;
}
