// One row of the agent board as the browser renders it (components/board-live.tsx): from the page's render
// (toBoardRow) or from a partial re-fetch (./load-board-patch.ts), which re-reads everything but the rank.
import type { AgentScoreTerms } from "../routing/types";

export type BoardRowData = {
  id: string;
  name: string;
  /** The state the board shows (an expired wrap-up already ended). */
  status: string;
  reason: string | null;
  stateSince: string | null;
  wrapUpUntil: string | null;
  coachingFlag: boolean;
  skills: Array<{ skill: string; proficiency: number }>;
  callsToday: number;
  terms: AgentScoreTerms;
  currentCall: { id: string; from: string; step: string } | null;
  /** Heap rank among available agents; a patch leaves it out (only ranking every agent can say it). */
  rank?: number | null;
};

/** A patched row: `gone` when the agent was removed. `asOf` is the server's clock when it was read. */
export type BoardPatch = {
  asOf: number;
  agents: Array<BoardRowData | { id: string; gone: true }>;
  counts?: { floor: Record<string, number>; byLanguage: Record<string, Record<string, number>> };
};

type PageAgent = Omit<BoardRowData, "reason" | "stateSince" | "wrapUpUntil">;
type PageState = { status: string; reason: string | null; stateSince: string; wrapUpUntil: string | null } | undefined;

export function toBoardRow(a: PageAgent, state: PageState): BoardRowData {
  return {
    id: a.id,
    name: a.name,
    status: state?.status ?? a.status,
    reason: state?.reason ?? null,
    stateSince: state?.stateSince ?? null,
    wrapUpUntil: state?.wrapUpUntil ?? null,
    coachingFlag: a.coachingFlag,
    skills: a.skills,
    callsToday: a.callsToday,
    terms: a.terms,
    currentCall: a.currentCall,
    rank: a.rank,
  };
}

/**
 * The row to show: the patch when it was read after the page's render, else the render. A patched row keeps
 * the rendered rank while it stays available, and has none once it is not (ranks are for available agents);
 * an agent that just became available has a rank only the next full refresh knows (undefined).
 */
export function mergeRow(rendered: BoardRowData, renderedAt: number, patch: { row: BoardRowData; asOf: number } | undefined): BoardRowData {
  if (!patch || patch.asOf <= renderedAt) return rendered;
  const stillAvailable = patch.row.status === "AVAILABLE" && rendered.status === "AVAILABLE";
  return { ...patch.row, rank: stillAvailable ? rendered.rank : patch.row.status === "AVAILABLE" ? undefined : null };
}
