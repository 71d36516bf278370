// Contact-centre metrics over a period. Computed in TypeScript from the period's rows rather than SQL date
// functions, so the same code runs on SQLite and PostgreSQL; a period is days to weeks of calls, which fits.
//
// Definitions (documented here because every contact centre words them slightly differently):
// - an "agent request" is a call that reached routing (has at least one RoutingDecision); waiting starts at its
//   first decision;
// - speed of answer = agent connected - first decision, over answered requests;
// - abandonment = ended requests (COMPLETED/ABANDONED/FAILED) that never reached an agent, over ended requests;
// - service level = ended or connected requests answered within SERVICE_LEVEL_SECONDS, over the same base;
// - CSAT = share of ratings 3 or 4 ("good"/"excellent" on the 1-4 scale), with the mean rating alongside.
import type { Db } from "../db/client";
import { ENDED_CALL_STATUSES } from "../routing/call-states";
import { dayKey, daysAgo } from "./time";

export const SERVICE_LEVEL_SECONDS = 20;
const ENDED = new Set<string>(ENDED_CALL_STATUSES);

export type Analytics = {
  days: number;
  totals: {
    calls: number;
    agentRequests: number;
    answered: number;
    asaSeconds: number | null;
    abandonmentRate: number | null;
    serviceLevel: number | null;
    avgTalkSeconds: number | null;
    csat: number | null;
    avgRating: number | null;
    ratings: number;
  };
  csatByLanguage: Array<{ language: string; csat: number; avgRating: number; ratings: number }>;
  ratingTrend: { agents: Array<{ id: string; name: string }>; points: Array<Record<string, string | number | null>> };
  durationByDay: Array<{ day: string; avgTalkSeconds: number | null; calls: number }>;
  callsPerHour: Array<{ hour: string; calls: number }>;
};

const mean = (xs: number[]) => (xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length);

export async function loadAnalytics(db: Db, days = 7, now = new Date()): Promise<Analytics> {
  const since = daysAgo(days, now);
  const [calls, feedback, languages] = await Promise.all([
    db.call.findMany({
      where: { startedAt: { gte: since } },
      select: {
        id: true,
        status: true,
        startedAt: true,
        agentConnectedAt: true,
        agentTalkSeconds: true,
        languageCode: true,
        decisions: { select: { createdAt: true }, orderBy: { createdAt: "asc" }, take: 1 },
      },
    }),
    db.feedback.findMany({
      where: { createdAt: { gte: since } },
      select: { rating: true, createdAt: true, agentId: true, agent: { select: { name: true } }, call: { select: { languageCode: true } } },
    }),
    db.language.findMany(),
  ]);

  // Speed of answer, abandonment, service level.
  const requests = calls.filter((c) => c.decisions.length > 0);
  const waits: number[] = [];
  let slBase = 0;
  let withinSl = 0;
  let endedRequests = 0;
  let abandoned = 0;
  for (const c of requests) {
    const askedAt = c.decisions[0]!.createdAt.getTime();
    const wait = c.agentConnectedAt ? Math.max(0, (c.agentConnectedAt.getTime() - askedAt) / 1000) : null;
    if (wait !== null) waits.push(wait);
    const ended = ENDED.has(c.status);
    if (ended) {
      endedRequests++;
      if (!c.agentConnectedAt) abandoned++;
    }
    if (ended || wait !== null) {
      slBase++;
      if (wait !== null && wait <= SERVICE_LEVEL_SECONDS) withinSl++;
    }
  }
  const talk = calls.map((c) => c.agentTalkSeconds).filter((s): s is number => s !== null && s > 0);
  const ratings = feedback.map((f) => f.rating);

  // CSAT by language.
  const languageName = new Map(languages.map((l) => [l.code, l.name]));
  const byLanguage = new Map<string, number[]>();
  for (const f of feedback) {
    const code = f.call.languageCode ?? "unknown";
    byLanguage.set(code, [...(byLanguage.get(code) ?? []), f.rating]);
  }
  const csatOf = (rs: number[]) => rs.filter((r) => r >= 3).length / rs.length;

  // Daily mean rating per agent (one line per agent in the chart).
  const dayList = Array.from({ length: days }, (_, i) => {
    const d = new Date(since);
    d.setDate(d.getDate() + i);
    return dayKey(d);
  });
  const agents = new Map<string, string>();
  const cell = new Map<string, number[]>();
  for (const f of feedback) {
    if (!f.agentId) continue;
    agents.set(f.agentId, f.agent?.name ?? "removed agent");
    const key = `${dayKey(f.createdAt)}|${f.agentId}`;
    cell.set(key, [...(cell.get(key) ?? []), f.rating]);
  }
  const points = dayList.map((day) => {
    const point: Record<string, string | number | null> = { day: day.slice(5) };
    for (const id of agents.keys()) {
      const m = mean(cell.get(`${day}|${id}`) ?? []);
      point[id] = m === null ? null : Math.round(m * 100) / 100;
    }
    return point;
  });

  const durationByDay = dayList.map((day) => {
    const secs = calls.filter((c) => dayKey(c.startedAt) === day && c.agentTalkSeconds).map((c) => c.agentTalkSeconds as number);
    const m = mean(secs);
    return { day: day.slice(5), avgTalkSeconds: m === null ? null : Math.round(m), calls: secs.length };
  });

  // Calls per hour over the last 24 hours, oldest first.
  const hourMs = 3_600_000;
  const currentHour = Math.floor(now.getTime() / hourMs) * hourMs;
  const callsPerHour = Array.from({ length: 24 }, (_, i) => {
    const start = currentHour - (23 - i) * hourMs;
    const count = calls.filter((c) => c.startedAt.getTime() >= start && c.startedAt.getTime() < start + hourMs).length;
    return { hour: `${String(new Date(start).getHours()).padStart(2, "0")}:00`, calls: count };
  });

  return {
    days,
    totals: {
      calls: calls.length,
      agentRequests: requests.length,
      answered: waits.length,
      asaSeconds: mean(waits),
      abandonmentRate: endedRequests === 0 ? null : abandoned / endedRequests,
      serviceLevel: slBase === 0 ? null : withinSl / slBase,
      avgTalkSeconds: mean(talk),
      csat: ratings.length === 0 ? null : csatOf(ratings),
      avgRating: mean(ratings),
      ratings: ratings.length,
    },
    csatByLanguage: [...byLanguage].map(([code, rs]) => ({
      language: languageName.get(code) ?? code,
      csat: Math.round(csatOf(rs) * 1000) / 10,
      avgRating: Math.round((mean(rs) ?? 0) * 100) / 100,
      ratings: rs.length,
    })),
    ratingTrend: { agents: [...agents].map(([id, name]) => ({ id, name })), points },
    durationByDay,
    callsPerHour,
  };
}
