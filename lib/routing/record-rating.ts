// recordRating: the caller's 1-4 rating, stored once per call (Feedback.callId is unique). The Feedback row, the
// agent's ratingSum/ratingCount, the coaching flag and the customer's lastRating change in one transaction, so a
// retried rating either finds the row and changes nothing, or loses the unique-key race and rolls back entirely.
import { z } from "zod";
import type { Db } from "../db/client";
import { Prisma } from "../generated/prisma/client";
import { markAgentsDirty } from "./agent-pool";
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

  const call = await db.call.findUnique({
    where: { id: callId },
    select: { agentId: true, customerId: true, agentTalkSeconds: true, feedback: { select: { id: true } } },
  });
  if (!call || call.feedback) return { stored: false };
  const agentId = call.agentId;

  try {
    await db.$transaction(
      async (tx) => {
        await tx.feedback.create({
          data: {
            callId,
            agentId,
            customerId: call.customerId,
            rating,
            callDuration: call.agentTalkSeconds ?? 0,
            createdAt: now,
          },
        });
        if (call.customerId) {
          await tx.customer.update({ where: { id: call.customerId }, data: { lastRating: rating } });
        }
        if (!agentId) return;
        await tx.agent.update({
          where: { id: agentId },
          data: { ratingSum: { increment: rating }, ratingCount: { increment: 1 } },
        });
        // Coaching looks at the recent trend, not the lifetime mean: the last coachingWindow ratings.
        const recent = await tx.feedback.findMany({
          where: { agentId },
          orderBy: [{ createdAt: "desc" }, { id: "desc" }],
          take: cfg.coachingWindow,
          select: { rating: true },
        });
        const mean = recent.reduce((sum, f) => sum + f.rating, 0) / Math.max(1, recent.length);
        const flag = recent.length >= cfg.coachingMinRatings && mean < cfg.coachingThreshold;
        await tx.agent.update({ where: { id: agentId }, data: { coachingFlag: flag } });
      },
      { maxWait: 10_000, timeout: 10_000 },
    );
  } catch (err) {
    // A concurrent delivery of the same rating stored it first: this one changed nothing.
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002") return { stored: false };
    throw err;
  }

  if (agentId) {
    markAgentsDirty(db, [agentId]);
    const agent = await db.agent.findUnique({ where: { id: agentId }, select: { status: true } });
    notify(opts, [
      { event: "feedback.received", agentId, callId },
      { event: "agent.changed", agentId, status: agent?.status ?? "UNKNOWN" },
    ]);
  }
  return { stored: true };
}
