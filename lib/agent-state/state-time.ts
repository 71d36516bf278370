// Where agents' time went over a period, from AgentStateChange: seconds per state and per not-ready reason.
// Each row starts a segment that lasts until the agent's next row (or the period's end); a wrap-up segment also ends
// at its own `until` (it ran out even if no row followed). Occupancy = busy / (available + busy + wrap-up), the
// share of staffed, ready-or-working time spent on calls; not-ready share per reason = that reason / logged-in time.
import type { Db } from "../db/client";

export type StateTime = {
  seconds: Record<string, number>;
  notReadyByReason: Array<{ reason: string; seconds: number; share: number }>;
  occupancy: number | null;
  wrapUpShare: number | null;
};

export async function loadStateTime(db: Db, from: Date, to: Date): Promise<StateTime> {
  // The row in force at `from` for each agent, then every row inside the period (bounded by the period's length).
  const [before, rows, labels] = await Promise.all([
    db.$queryRaw<Array<{ agentId: string; toStatus: string; reason: string | null; until: Date | null; at: Date }>>`
      SELECT s."agentId", s."toStatus", s."reason", s."until", s."at" FROM "AgentStateChange" s
      WHERE s."id" IN (SELECT MAX(p."id") FROM "AgentStateChange" p WHERE p."at" < ${from} GROUP BY p."agentId")`,
    db.agentStateChange.findMany({
      where: { at: { gte: from, lt: to } },
      orderBy: [{ agentId: "asc" }, { at: "asc" }, { id: "asc" }],
      select: { agentId: true, toStatus: true, reason: true, until: true, at: true },
    }),
    db.notReadyReason.findMany({ select: { code: true, label: true } }),
  ]);
  const byAgent = new Map<string, typeof rows>();
  for (const r of [...before.map((b) => ({ ...b, at: from })), ...rows]) {
    const list = byAgent.get(r.agentId) ?? [];
    list.push(r);
    byAgent.set(r.agentId, list);
  }
  const seconds: Record<string, number> = {};
  const reasons: Record<string, number> = {};
  for (const list of byAgent.values()) {
    list.sort((a, b) => a.at.getTime() - b.at.getTime());
    list.forEach((r, i) => {
      let end = (list[i + 1]?.at ?? to).getTime();
      if (r.toStatus === "WRAP_UP" && r.until) end = Math.min(end, r.until.getTime());
      const s = Math.max(0, (end - r.at.getTime()) / 1000);
      seconds[r.toStatus] = (seconds[r.toStatus] ?? 0) + s;
      // A wrap-up that ran out without a row: the agent was available from its end to the next row.
      if (r.toStatus === "WRAP_UP" && r.until) {
        const rest = Math.max(0, ((list[i + 1]?.at ?? to).getTime() - Math.max(r.until.getTime(), r.at.getTime())) / 1000);
        seconds.AVAILABLE = (seconds.AVAILABLE ?? 0) + rest;
      }
      if (r.toStatus === "NOT_READY" && r.reason) reasons[r.reason] = (reasons[r.reason] ?? 0) + s;
    });
  }
  const staffed = (seconds.AVAILABLE ?? 0) + (seconds.BUSY ?? 0) + (seconds.WRAP_UP ?? 0);
  const loggedIn = staffed + (seconds.NOT_READY ?? 0);
  const label = new Map(labels.map((l) => [l.code, l.label]));
  return {
    seconds,
    notReadyByReason: Object.entries(reasons)
      .map(([code, s]) => ({ reason: label.get(code) ?? code, seconds: s, share: loggedIn > 0 ? s / loggedIn : 0 }))
      .sort((a, b) => b.seconds - a.seconds),
    occupancy: staffed > 0 ? (seconds.BUSY ?? 0) / staffed : null,
    wrapUpShare: staffed > 0 ? (seconds.WRAP_UP ?? 0) / staffed : null,
  };
}

/** The last `days` days up to now (the analytics page's period). */
export function loadStateTimeForDays(db: Db, days: number, now = new Date()): Promise<StateTime> {
  return loadStateTime(db, new Date(now.getTime() - days * 86_400_000), now);
}

/** State time over an analytics period (lib/dashboard/analytics-period.ts), up to now for a period still running. */
export function loadStateTimeForPeriod(db: Db, period: { start: Date; end: Date }, now = new Date()): Promise<StateTime> {
  return loadStateTime(db, period.start, new Date(Math.min(period.end.getTime(), now.getTime())));
}
