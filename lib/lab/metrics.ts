// What the lab reports per policy, computed from the simulation's log of callers (and the coaching flags routing
// set in the database). Definitions are in docs/lab/README.md.
import { dayOpensAt, type LabAgent } from "./population";
import type { Scenario } from "./scenario";
import type { SimulationLog } from "./simulate";

export const SERVICE_LEVEL_SECONDS = 20;

/** Gini coefficient of non-negative values (0 = all equal, → 1 = one takes everything). */
export function gini(values: number[]): number {
  const n = values.length;
  const total = values.reduce((a, b) => a + b, 0);
  if (n < 2 || total === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  let weighted = 0;
  sorted.forEach((v, i) => (weighted += (i + 1) * v));
  return (2 * weighted) / (n * total) - (n + 1) / n;
}

const round = (x: number, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;

export type PolicyMetrics = {
  offered: number;
  served: number;
  rated: number;
  csat: number; // share of ratings that are 3 or 4
  meanRating: number;
  asaSeconds: number; // mean wait of served callers
  abandonment: number; // (abandoned + gave up) / offered
  serviceLevel: number; // answered within 20 s / offered
  occupancy: Record<string, number>; // talk time / logged-in open time, per agent
  giniCalls: number; // mean over groups of equal true quality (2+ agents), weighted by group size
  giniTalk: number;
  poorAgent: null | { agentId: string; flaggedAfterCalls: number | null; ratingsBefore: number | null; badRatingsBefore: number | null; hoursToFlag: number | null; callsTotal: number };
  newHire: null | { agentId: string; fairShare: number; shareFirstDay: number; shareLastDay: number; calls: number };
  /** #19: CSAT of callers who needed a skill (null when the scenario has no skill lines). */
  skillCsat: number | null;
  /** #19: mean wait of served callers with a priority, and of the others (null when nobody has a priority). */
  priorityAsa: null | { vip: number; others: number };
};

export type Curves = {
  /** Per open hour (global index): CSAT of the ratings given in that hour. */
  csatByHour: Array<{ hour: number; csat: number | null; good: number; rated: number }>;
  /** Per open hour since the new hire joined: their share of their languages' answered calls. */
  newHireShare: Array<{ hour: number; share: number | null }>;
  /** Cumulative calls served by the hidden poor agent, per open hour. */
  poorAgentCalls: Array<{ hour: number; calls: number }>;
};

/** Global open-hour index of a virtual time (day d, hour h -> d * openHours + h). */
function openHourOf(t: number, s: Scenario): number {
  const dayMs = 86_400_000;
  const day = Math.floor((t - dayOpensAt(0)) / dayMs);
  const h = Math.floor((t - dayOpensAt(day)) / 3_600_000);
  return day * s.openHours + Math.min(Math.max(h, 0), s.openHours - 1);
}

export function computeMetrics(s: Scenario, agents: LabAgent[], log: SimulationLog): { metrics: PolicyMetrics; curves: Curves } {
  const callers = log.callers;
  const served = callers.filter((c) => c.outcome === "served");
  const rated = served.filter((c) => c.rating !== null);
  const good = rated.filter((c) => (c.rating ?? 0) >= 3).length;
  const mean = (xs: number[]) => (xs.length ? round(xs.reduce((a, b) => a + b, 0) / xs.length, 1) : 0);
  const skillRated = rated.filter((c) => c.skill !== null);
  const skillCsat = s.skillLines.length > 0 && skillRated.length > 0 ? round(skillRated.filter((c) => (c.rating ?? 0) >= 3).length / skillRated.length) : null;
  const priorityAsa = s.vipShare > 0
    ? { vip: mean(served.filter((c) => c.priority > 0).map((c) => c.waitSeconds)), others: mean(served.filter((c) => c.priority === 0).map((c) => c.waitSeconds)) }
    : null;
  const perAgent = new Map(agents.map((a) => [a.id, { calls: 0, talk: 0 }]));
  for (const c of served) {
    const t = perAgent.get(c.agentId ?? "");
    if (t) {
      t.calls++;
      t.talk += c.talkSeconds;
    }
  }
  const openSeconds = (a: LabAgent) => {
    let total = 0;
    for (let d = 0; d < s.days; d++) {
      const open = dayOpensAt(d);
      const close = open + s.openHours * 3_600_000;
      total += Math.max(0, close - Math.max(open, a.joinsAt)) / 1000;
    }
    return total;
  };
  const occupancy: Record<string, number> = {};
  for (const a of agents) occupancy[a.id] = round((perAgent.get(a.id)?.talk ?? 0) / Math.max(1, openSeconds(a)));

  const groups = new Map<string, LabAgent[]>();
  for (const a of agents) if (a.role !== "new") groups.set(a.group, [...(groups.get(a.group) ?? []), a]);
  let giniCalls = 0;
  let giniTalk = 0;
  let weight = 0;
  for (const members of groups.values()) {
    if (members.length < 2) continue;
    giniCalls += members.length * gini(members.map((a) => perAgent.get(a.id)?.calls ?? 0));
    giniTalk += members.length * gini(members.map((a) => perAgent.get(a.id)?.talk ?? 0));
    weight += members.length;
  }

  const hours = s.days * s.openHours;
  const csatByHour = Array.from({ length: hours }, (_, hour) => ({ hour, good: 0, n: 0 }));
  for (const c of rated) {
    const slot = csatByHour[openHourOf(c.answeredAt ?? c.arrivalAt, s)];
    if (!slot) continue;
    slot.n++;
    if ((c.rating ?? 0) >= 3) slot.good++;
  }

  const poor = agents.find((a) => a.role === "poor");
  const poorFlag = poor ? log.coaching.find((e) => e.agentId === poor.id) : undefined;
  const poorCalls = Array.from({ length: hours }, (_, hour) => ({ hour, calls: 0 }));
  if (poor) {
    for (const c of served) if (c.agentId === poor.id) (poorCalls[openHourOf(c.answeredAt ?? 0, s)] as { calls: number }).calls++;
    for (let i = 1; i < poorCalls.length; i++) (poorCalls[i] as { calls: number }).calls += (poorCalls[i - 1] as { calls: number }).calls;
  }

  const hire = agents.find((a) => a.role === "new");
  const shareByHour: Array<{ hour: number; share: number | null }> = [];
  let newHire: PolicyMetrics["newHire"] = null;
  if (hire) {
    const peers = agents.filter((a) => a.joinsAt <= hire.joinsAt && a.languages.some((l) => hire.languages.includes(l)));
    const mine = Array.from({ length: hours }, () => ({ hire: 0, all: 0 }));
    for (const c of served) {
      if (!hire.languages.includes(c.language) || (c.answeredAt ?? 0) < hire.joinsAt) continue;
      const slot = mine[openHourOf(c.answeredAt ?? 0, s)];
      if (!slot) continue;
      slot.all++;
      if (c.agentId === hire.id) slot.hire++;
    }
    const joinHour = openHourOf(hire.joinsAt, s);
    for (let h = joinHour; h < hours; h++) {
      const slot = mine[h] as { hire: number; all: number };
      shareByHour.push({ hour: h, share: slot.all > 0 ? round(slot.hire / slot.all) : null });
    }
    const dayShare = (d: number) => {
      const slots = mine.slice(d * s.openHours, (d + 1) * s.openHours);
      const all = slots.reduce((a, x) => a + x.all, 0);
      return all > 0 ? round(slots.reduce((a, x) => a + x.hire, 0) / all) : 0;
    };
    newHire = {
      agentId: hire.id,
      fairShare: round(1 / peers.length),
      shareFirstDay: dayShare(Math.floor(joinHour / s.openHours)),
      shareLastDay: dayShare(s.days - 1),
      calls: perAgent.get(hire.id)?.calls ?? 0,
    };
  }

  const metrics: PolicyMetrics = {
    offered: callers.length,
    served: served.length,
    rated: rated.length,
    csat: round(rated.length ? good / rated.length : 0),
    meanRating: round(rated.length ? rated.reduce((a, c) => a + (c.rating ?? 0), 0) / rated.length : 0),
    asaSeconds: round(served.length ? served.reduce((a, c) => a + c.waitSeconds, 0) / served.length : 0, 1),
    abandonment: round(callers.length ? (callers.length - served.length) / callers.length : 0),
    serviceLevel: round(callers.length ? served.filter((c) => c.waitSeconds <= SERVICE_LEVEL_SECONDS).length / callers.length : 0),
    occupancy,
    giniCalls: round(weight ? giniCalls / weight : 0),
    giniTalk: round(weight ? giniTalk / weight : 0),
    skillCsat,
    priorityAsa,
    poorAgent: poor
      ? {
          agentId: poor.id,
          flaggedAfterCalls: poorFlag?.callsBefore ?? null,
          ratingsBefore: poorFlag?.ratingsBefore ?? null,
          badRatingsBefore: poorFlag?.badRatingsBefore ?? null,
          hoursToFlag: poorFlag ? round((poorFlag.flaggedAt - poor.joinsAt) / 3_600_000, 2) : null,
          callsTotal: perAgent.get(poor.id)?.calls ?? 0,
        }
      : null,
    newHire,
  };
  return {
    metrics,
    curves: {
      csatByHour: csatByHour.map((x) => ({ hour: x.hour, csat: x.n ? round(x.good / x.n) : null, good: x.good, rated: x.n })),
      newHireShare: shareByHour,
      poorAgentCalls: poor ? poorCalls : [],
    },
  };
}
