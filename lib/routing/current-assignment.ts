// The assignment a call already holds, answered exactly as the request that made it answered (idempotent routing).
import type { Db } from "../db/client";
import type { AssignResult } from "./types";

// Up to 2 s, as a repeated webhook waits for its first delivery's answer (with-receipt.ts): on a loaded machine the
// winner's decision write can take longer than the 0.5 s this was (routing.test.ts's concurrent repeat flaked at it).
const DECISION_WAIT_STEPS = 100;
const DECISION_WAIT_STEP_MS = 20;

export async function currentCallAssignment(db: Db, callId: string): Promise<AssignResult | null> {
  const call = await db.call.findUnique({ where: { id: callId }, select: { agentId: true } });
  return call?.agentId ? currentAssignment(db, callId, call.agentId) : null;
}

/** The assignment a call already holds (agent BUSY on this call), answered from its recorded decision. */
export async function currentAssignment(db: Db, callId: string, agentId: string): Promise<AssignResult | null> {
  const agent = await db.agent.findUnique({
    where: { id: agentId },
    select: { id: true, name: true, phone: true, currentCallId: true },
  });
  if (!agent || agent.currentCallId !== callId) return null;
  const findDecision = () =>
    db.routingDecision.findFirst({
      where: { callId, outcome: "ASSIGNED", chosenAgentId: agentId },
      orderBy: { createdAt: "desc" },
      select: { id: true, candidates: { where: { agentId }, take: 1 } },
    });
  // The decision rows are written right after the claim commits (outside it, see assignAgent): a concurrent repeat
  // can get here first, so give the winner a moment to record them and answer exactly what it answered.
  let decision = await findDecision();
  for (let i = 0; !decision && i < DECISION_WAIT_STEPS; i++) {
    await new Promise((r) => setTimeout(r, DECISION_WAIT_STEP_MS));
    decision = await findDecision();
  }
  // Still none (the winner crashed in between): the agent holding this call is the truth.
  const row = decision?.candidates[0];
  return {
    kind: "assigned",
    agent: { id: agent.id, name: agent.name, phone: agent.phone },
    decisionId: decision?.id ?? "",
    terms: {
      recentCalls: row?.recentCalls ?? 0,
      avgDurationSeconds: row?.avgDuration ?? 0,
      avgRating: row?.avgRating ?? 0,
      ratingCount: row?.ratingCount ?? 0,
      score: row?.score ?? 0,
      ...(row?.exploration ? { exploration: row.exploration } : {}),
      ...(row?.proficiency != null ? { proficiency: row.proficiency, skillPoints: row.skillPoints } : {}),
    },
  };
}
