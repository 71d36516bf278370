// Everything the agent's workspace shows, read fresh (on load, on each signal of their channel, on reconnect).
import type { Db } from "../db/client";
import { listDispositionCodes, listReasons } from "../agent-state/dispositions";
import { sweepExpiredWrapUps } from "../agent-state/transitions";
import { type AgentNumbers, loadAgentNumbers } from "./agent-numbers";
import { loadScreenPop, type ScreenPop } from "./screen-pop";

export type Workspace = {
  agent: {
    id: string;
    name: string;
    status: string;
    reason: { code: string; label: string } | null;
    stateSince: string;
    wrapUpUntil: string | null;
    wrapUpExtended: boolean;
    languages: string[];
  };
  reasons: Array<{ code: string; label: string }>;
  dispositionCodes: Array<{ code: string; label: string }>;
  screenPop: ScreenPop | null;
  numbers: AgentNumbers;
  serverNow: string;
};

export async function loadWorkspace(db: Db, agentId: string, now = new Date()): Promise<Workspace | null> {
  await sweepExpiredWrapUps(db, now);
  const agent = await db.agent.findUnique({
    where: { id: agentId },
    include: { languages: { select: { languageCode: true } }, notReadyReasonRef: { select: { code: true, label: true } } },
  });
  if (!agent) return null;
  const languages = agent.languages.map((l) => l.languageCode);
  const [reasons, codes, screenPop, numbers] = await Promise.all([
    listReasons(db),
    listDispositionCodes(db),
    loadScreenPop(db, agent),
    loadAgentNumbers(db, agentId, languages, now),
  ]);
  return {
    agent: {
      id: agent.id,
      name: agent.name,
      status: agent.status,
      reason: agent.notReadyReasonRef,
      stateSince: agent.stateSince.toISOString(),
      wrapUpUntil: agent.wrapUpUntil?.toISOString() ?? null,
      wrapUpExtended: agent.wrapUpExtended,
      languages,
    },
    reasons: reasons.filter((r) => r.agentSelectable).map((r) => ({ code: r.code, label: r.label })),
    dispositionCodes: codes.map((c) => ({ code: c.code, label: c.label })),
    screenPop,
    numbers,
    serverNow: now.toISOString(),
  };
}
