// The screen pop: who is calling the agent (ringing, on the call, or in its wrap-up) and their history with us.
import type { Db } from "../db/client";

export type ScreenPop = {
  callId: string;
  phase: "ringing" | "on-call" | "wrap-up";
  from: string;
  language: string | null;
  ivrPath: string[];
  waitedSeconds: number | null;
  history: {
    previousCalls: number;
    lastAgent: string | null;
    lastRating: number | null;
    lastDisposition: { label: string; notes: string } | null;
    recent: Array<{ callId: string; at: string; agent: string | null; rating: number | null; disposition: string | null; notes: string | null }>;
  };
  disposition: { code: string; notes: string } | null;
};

const STEP_LABELS: Record<string, string> = {
  LANGUAGE: "Language menu",
  MENU: "Main menu",
  MESSAGE: "Heard the message",
  ROUTING: "Asked for an agent",
  QUEUE: "Waited in the queue",
  AGENT: "Connected to an agent",
};

export async function loadScreenPop(db: Db, agent: { currentCallId: string | null; status: string; wrapUpCallId: string | null }): Promise<ScreenPop | null> {
  const callId = agent.currentCallId ?? (agent.status === "WRAP_UP" ? agent.wrapUpCallId : null);
  if (!callId) return null;
  const call = await db.call.findUnique({
    where: { id: callId },
    include: {
      language: { select: { name: true } },
      events: { where: { type: "step" }, orderBy: { id: "asc" }, select: { detail: true } },
      assignments: { orderBy: { assignedAt: "desc" }, take: 1, select: { assignedAt: true } },
      disposition: { select: { code: true, notes: true } },
    },
  });
  if (!call) return null;
  const steps = call.events.map((e) => String((JSON.parse(e.detail ?? "{}") as { step?: string }).step ?? "")).filter((s) => STEP_LABELS[s]);
  const ivrPath = steps.map((s) => (s === "LANGUAGE" && call.language ? `${STEP_LABELS[s]}: ${call.language.name}` : STEP_LABELS[s]!));
  // Waited: from asking for an agent (queued, or the call's start) to the agent's phone ringing.
  const offeredAt = call.assignments[0]?.assignedAt ?? null;
  const waitedSeconds = offeredAt ? Math.max(0, Math.round((offeredAt.getTime() - (call.queuedAt ?? call.startedAt).getTime()) / 1000)) : null;

  // History with us: earlier calls from the same customer (or number), newest first. Bounded: a pop never grows.
  const earlier = await db.call.findMany({
    where: { id: { not: call.id }, startedAt: { lt: call.startedAt }, ...(call.customerId ? { customerId: call.customerId } : { from: call.from }) },
    orderBy: { startedAt: "desc" },
    take: 5,
    select: {
      id: true,
      startedAt: true,
      agent: { select: { name: true } },
      feedback: { select: { rating: true } },
      disposition: { select: { notes: true, codeRef: { select: { label: true } } } },
    },
  });
  const previousCalls = await db.call.count({
    where: { id: { not: call.id }, startedAt: { lt: call.startedAt }, ...(call.customerId ? { customerId: call.customerId } : { from: call.from }) },
  });
  const withAgent = earlier.find((c) => c.agent);
  const rated = earlier.find((c) => c.feedback);
  const disposed = earlier.find((c) => c.disposition);
  return {
    callId: call.id,
    phase: agent.currentCallId ? (call.agentConnectedAt ? "on-call" : "ringing") : "wrap-up",
    from: call.from,
    language: call.language?.name ?? null,
    ivrPath,
    waitedSeconds,
    history: {
      previousCalls,
      lastAgent: withAgent?.agent?.name ?? null,
      lastRating: rated?.feedback?.rating ?? null,
      lastDisposition: disposed?.disposition ? { label: disposed.disposition.codeRef.label, notes: disposed.disposition.notes } : null,
      recent: earlier.map((c) => ({
        callId: c.id,
        at: c.startedAt.toISOString(),
        agent: c.agent?.name ?? null,
        rating: c.feedback?.rating ?? null,
        disposition: c.disposition?.codeRef.label ?? null,
        notes: c.disposition?.notes ?? null,
      })),
    },
    disposition: call.disposition,
  };
}
