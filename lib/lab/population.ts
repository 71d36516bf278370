// The simulated people of a scenario, drawn once per run and shared by every policy (common random numbers):
// agents with their hidden quality, and callers with every random draw they will need, made in advance.
import { exponential, normal, pickWeighted, rngFor } from "./prng";
import type { Scenario } from "./scenario";

/** Virtual time starts here (a Monday, UTC); day d opens at T0 + d days + OPEN_AT_HOUR. */
export const T0 = Date.UTC(2026, 0, 5);
export const OPEN_AT_HOUR = 8;
export const RING_NO_ANSWER_SECONDS = 20;

export type LabAgent = {
  id: string;
  name: string;
  phone: string;
  languages: string[];
  quality: number[]; // weights of ratings 1..4
  trueMean: number;
  handleMeanSeconds: number;
  missProbability: number;
  historyRatings: number;
  joinsAt: number; // virtual ms
  role: "veteran" | "poor" | "new";
  /** Agents with the same group share quality, languages, handle time and start: the fairness comparison set. */
  group: string;
  /** #19: skills with proficiency, and the hidden quality a caller needing that skill meets. */
  skills: Array<{ skill: string; proficiency: number; quality: number[] }>;
};

export type Caller = {
  index: number;
  id: string;
  arrivalAt: number; // virtual ms
  language: string;
  customer: number;
  patienceSeconds: number;
  handleZ: number; // standard normal, scaled by the agent's handle-time distribution
  ratingU: number; // uniform: the rating through the agent's quality (inverse CDF)
  ratesU: number; // uniform: whether they rate at all
  missU: number[]; // uniform per dial attempt: whether that agent misses
  dialled: string; // #19: the number called (a skill line, or the main number)
  skill: string | null; // #19: the skill that number needs
};

export const MAIN_NUMBER = "+14155550000";

export function customerPhone(customer: number): string {
  return `+1444${String(1_000_000 + customer).padStart(7, "0")}`;
}

export function dayOpensAt(day: number): number {
  return T0 + day * 86_400_000 + OPEN_AT_HOUR * 3_600_000;
}

export function buildAgents(s: Scenario): LabAgent[] {
  const agents: LabAgent[] = [];
  for (const g of s.agents) {
    const total = g.quality.reduce((a, b) => a + b, 0);
    const trueMean = g.quality.reduce((a, w, i) => a + w * (i + 1), 0) / total;
    for (let i = 0; i < g.count; i++) {
      const n = agents.length;
      agents.push({
        id: `${g.prefix}-${String(i + 1).padStart(2, "0")}`,
        name: `${g.prefix} ${i + 1}`,
        phone: `+1555${String(1_000_000 + n).padStart(7, "0")}`,
        languages: g.languages,
        quality: g.quality,
        trueMean,
        handleMeanSeconds: g.handleMeanSeconds,
        missProbability: g.missProbability,
        historyRatings: g.historyRatings,
        joinsAt: dayOpensAt(0) + g.joinsAfterHours * 3_600_000,
        role: g.role,
        group: `${g.prefix}`,
        skills: g.skills.map((k) => ({ skill: k.skill, proficiency: k.proficiency, quality: k.quality ?? g.quality })),
      });
    }
  }
  return agents;
}

/** Poisson arrivals, piecewise constant per open hour (the daily shape), each caller with all their draws. */
export function buildCallers(s: Scenario): Caller[] {
  const arrivals = rngFor(s.seed, "arrivals");
  const times: number[] = [];
  for (let day = 0; day < s.days; day++) {
    for (let h = 0; h < s.openHours; h++) {
      const rate = s.callsPerHour * (s.shape[h] ?? 0);
      if (rate <= 0) continue;
      const start = dayOpensAt(day) + h * 3_600_000;
      const end = start + 3_600_000;
      for (let t = start + exponential(arrivals, 3_600_000 / rate); t < end; t += exponential(arrivals, 3_600_000 / rate)) {
        times.push(Math.round(t));
      }
    }
  }
  const shares = s.languages.map((l) => l.share);
  return times.map((arrivalAt, index) => {
    const r = rngFor(s.seed, `caller:${index}`);
    // Its own stream, so scenarios without skill lines draw exactly what they drew before #19.
    const lineU = rngFor(s.seed, `line:${index}`)();
    let cumulative = 0;
    const line = s.skillLines.find((l) => lineU < (cumulative += l.share)) ?? null;
    return {
      dialled: line?.number ?? MAIN_NUMBER,
      skill: line?.skill ?? null,
      index,
      id: `call-${String(index).padStart(6, "0")}`,
      arrivalAt,
      language: s.languages[pickWeighted(shares, r())]?.code ?? "en",
      customer: Math.floor(r() * s.customers),
      patienceSeconds: exponential(r, s.patienceMeanSeconds),
      handleZ: normal(r),
      ratingU: r(),
      ratesU: r(),
      missU: [r(), r(), r(), r(), r()],
    };
  });
}

/** Lognormal handle time with the agent's mean and the scenario's coefficient of variation, at least 10 s. */
export function handleSeconds(agent: LabAgent, z: number, cv: number): number {
  const sigma = Math.sqrt(Math.log(1 + cv * cv));
  const mu = Math.log(agent.handleMeanSeconds) - (sigma * sigma) / 2;
  return Math.max(10, Math.round(Math.exp(mu + sigma * z)));
}

/** The rating a caller gives: through the agent's hidden quality for the skill they needed, else their overall one. */
export function ratingFrom(agent: LabAgent, u: number, skill: string | null = null): number {
  const quality = (skill && agent.skills.find((k) => k.skill === skill)?.quality) || agent.quality;
  return pickWeighted(quality, u) + 1;
}

/** #19: whether a customer has a priority (their own stream; the same customers in every policy). */
export function customerPriority(s: Scenario, customer: number): number {
  if (s.vipShare <= 0) return 0;
  return rngFor(s.seed, `vip:${customer}`)() < s.vipShare ? s.vipPriority : 0;
}

/** Ratings on record before the run, drawn from the agent's own stream (same for every policy). */
export function historyOf(agent: LabAgent, seed: number): { ratingSum: number; ratingCount: number } {
  const r = rngFor(seed, `history:${agent.id}`);
  let ratingSum = 0;
  for (let i = 0; i < agent.historyRatings; i++) ratingSum += ratingFrom(agent, r());
  return { ratingSum, ratingCount: agent.historyRatings };
}
