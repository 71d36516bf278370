// npm run bench:wait: how accurate is the estimated wait (#18)? A simulated floor per routing-lab scenario
// (lib/lab/scenarios: arrival shape, languages, agents and their handle times, caller patience), run on a virtual
// clock; every caller who has to queue is given the estimate the product would announce, computed by the product's
// own estimator (lib/routing/wait-estimate.ts estimateFromStats) from the inputs its SQL aggregate reads at that
// instant (staffed agents of the language, agent calls of the language that ended in the last 30 minutes and their
// talk time, the agents' all-time averages), and its error is measured against the wait that caller then had (queue
// entry to an agent taking them). Callers who hang up first or reach the maximum wait have no actual wait to
// compare with: they are counted, not scored. Prints a table and writes lab-results/bench-wait.json.
//   npm run bench:wait [-- --scenario steady-floor,overload-peak] [--seed N] [--out file]
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { parseArgs } from "node:util";

const root = resolve(import.meta.dirname, "..");
const { values } = parseArgs({
  options: {
    scenario: { type: "string", default: "steady-floor,overload-peak,two-languages,new-hire" },
    seed: { type: "string" },
    out: { type: "string", default: resolve(root, "lab-results/bench-wait.json") },
  },
});
process.env.DATABASE_URL ??= "file:./.data/bench-wait-unused.db"; // the estimator module reads env for defaults only

const { loadScenario } = await import("../lib/lab/scenario.ts");
const { buildAgents, handleSeconds, dayOpensAt } = await import("../lib/lab/population.ts");
const { rngFor, exponential, normal, pickWeighted } = await import("../lib/lab/prng.ts");
const { estimateFromStats, WAIT_ESTIMATE_WINDOW_MINUTES } = await import("../lib/routing/wait-estimate.ts");
const { ROUTING_DEFAULTS } = await import("../lib/env.ts");

const WRAP_UP_SECONDS = 30; // the product's default AGENT_WRAP_UP_SECONDS
const MAX_WAIT_SECONDS = ROUTING_DEFAULTS.maxQueueWaitSeconds;
const WINDOW_S = WAIT_ESTIMATE_WINDOW_MINUTES * 60;

type Waiting = { id: number; lang: string; enteredAt: number; estimate: number | null; leavesAt: number };
type Agent = { id: string; languages: string[]; handleMeanSeconds: number; freeAt: number; joinsAt: number; talkSum: number; talkCount: number; historyAvg: number | null };
type Scored = { estimate: number; actual: number; lang: string };

function simulate(name: string, seedOverride?: number) {
  const s = loadScenario(name);
  const seed = seedOverride ?? s.seed;
  const agents: Agent[] = buildAgents(s).map((a) => ({
    id: a.id,
    languages: a.languages,
    handleMeanSeconds: a.handleMeanSeconds,
    freeAt: 0,
    joinsAt: Math.max(0, (a.joinsAt - dayOpensAt(0)) / 1000),
    talkSum: 0,
    talkCount: 0,
    // Agent.avgCallDuration on record: agents with a history have one (the seed gives veterans theirs).
    historyAvg: a.historyRatings > 0 ? a.handleMeanSeconds : null,
  }));
  const arrivalsRng = rngFor(seed, "bench-wait:arrivals");
  const serviceRng = rngFor(seed, "bench-wait:service");
  const shares = s.languages.map((l) => l.share);
  // Arrivals per open hour, Poisson with the scenario's shape.
  const arrivals: Array<{ at: number; lang: string; patience: number }> = [];
  for (let day = 0; day < s.days; day++) {
    const opens = (dayOpensAt(day) - dayOpensAt(0)) / 1000;
    for (let h = 0; h < s.openHours; h++) {
      const rate = (s.callsPerHour * (s.shape[h] ?? 1)) / 3600;
      if (rate <= 0) continue;
      for (let t = opens + h * 3600 + exponential(arrivalsRng, 1 / rate); t < opens + (h + 1) * 3600; t += exponential(arrivalsRng, 1 / rate)) {
        arrivals.push({ at: t, lang: s.languages[pickWeighted(shares, arrivalsRng())]!.code, patience: exponential(arrivalsRng, s.patienceMeanSeconds) });
      }
    }
  }
  const queues = new Map<string, Waiting[]>(s.languages.map((l) => [l.code, []]));
  const completions: Array<{ lang: string; endedAt: number; talk: number }> = [];
  const scored: Scored[] = [];
  const counts = { callers: arrivals.length, servedAtOnce: 0, queued: 0, scored: 0, abandoned: 0, maxWait: 0, noEstimate: 0 };

  const staffed = (a: Agent, now: number) => now >= a.joinsAt;
  const statsFor = (lang: string, now: number) => {
    const serving = agents.filter((a) => staffed(a, now) && a.languages.includes(lang));
    let recentCalls = 0;
    let recentTalk = 0;
    for (let i = completions.length - 1; i >= 0; i--) {
      const c = completions[i]!;
      if (c.endedAt < now - WINDOW_S) break;
      if (c.lang === lang && c.endedAt <= now) {
        recentCalls++;
        recentTalk += c.talk;
      }
    }
    const avgs = serving
      .map((a) => (a.talkCount + (a.historyAvg !== null ? 1 : 0) > 0 ? (a.talkSum + (a.historyAvg ?? 0)) / (a.talkCount + (a.historyAvg !== null ? 1 : 0)) : null))
      .filter((v): v is number => v !== null);
    return {
      servingAgents: serving.length,
      recentCalls,
      recentTalkSeconds: recentTalk,
      allTimeAvgSeconds: avgs.length > 0 ? avgs.reduce((x, y) => x + y, 0) / avgs.length : null,
    };
  };
  const serve = (agent: Agent, lang: string, now: number) => {
    const talk = handleSeconds(agent as never, normal(serviceRng), s.handleTimeCv);
    agent.freeAt = now + talk + WRAP_UP_SECONDS;
    agent.talkSum += talk;
    agent.talkCount++;
    completions.push({ lang, endedAt: now + talk, talk });
  };
  // Drop callers who gave up by `now`, then hand free agents the longest-waiting caller of their languages.
  const settle = (now: number) => {
    for (const q of queues.values()) {
      for (let i = q.length - 1; i >= 0; i--) {
        const w = q[i]!;
        if (w.leavesAt <= now) {
          q.splice(i, 1);
          if (w.leavesAt - w.enteredAt >= MAX_WAIT_SECONDS - 1e-6) counts.maxWait++;
          else counts.abandoned++;
        }
      }
    }
    for (const agent of agents.filter((a) => staffed(a, now) && a.freeAt <= now).sort((a, b) => a.freeAt - b.freeAt)) {
      let best: Waiting[] | undefined;
      for (const lang of agent.languages) {
        const q = queues.get(lang);
        if (q && q.length > 0 && (!best || q[0]!.enteredAt < best[0]!.enteredAt)) best = q;
      }
      if (!best) continue;
      const w = best.shift()!;
      if (w.estimate !== null) scored.push({ estimate: w.estimate, actual: now - w.enteredAt, lang: w.lang });
      else counts.noEstimate++;
      serve(agent, w.lang, now);
    }
  };
  // Event times: arrivals, agents freeing up, callers leaving. Advance to the next one each step.
  let next = 0;
  let now = 0;
  let id = 0;
  const end = (arrivals.at(-1)?.at ?? 0) + 4 * 3600;
  while (now < end) {
    const candidates = [arrivals[next]?.at ?? Infinity];
    for (const a of agents) if (a.freeAt > now) candidates.push(a.freeAt);
    for (const a of agents) if (a.joinsAt > now) candidates.push(a.joinsAt);
    for (const q of queues.values()) for (const w of q) candidates.push(w.leavesAt);
    now = Math.min(...candidates);
    if (!Number.isFinite(now)) break;
    settle(now);
    while (next < arrivals.length && arrivals[next]!.at <= now) {
      const a = arrivals[next++]!;
      const free = agents.find((g) => staffed(g, now) && g.freeAt <= now && g.languages.includes(a.lang));
      if (free) {
        counts.servedAtOnce++;
        serve(free, a.lang, now);
        continue;
      }
      const q = queues.get(a.lang)!;
      const estimate = estimateFromStats(q.length + 1, statsFor(a.lang, now), { wrapUpSeconds: WRAP_UP_SECONDS });
      counts.queued++;
      q.push({ id: id++, lang: a.lang, enteredAt: now, estimate: estimate?.seconds ?? null, leavesAt: now + Math.min(a.patience, MAX_WAIT_SECONDS) });
    }
  }
  counts.scored = scored.length;
  const errors = scored.map((x) => x.estimate - x.actual);
  const abs = errors.map(Math.abs).sort((a, b) => a - b);
  const mean = (xs: number[]) => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);
  const q = (p: number) => abs[Math.min(abs.length - 1, Math.floor(p * abs.length))] ?? 0;
  return {
    scenario: s.name,
    seed,
    counts,
    meanActualSeconds: Math.round(mean(scored.map((x) => x.actual))),
    meanEstimateSeconds: Math.round(mean(scored.map((x) => x.estimate))),
    maeSeconds: Math.round(mean(abs) * 10) / 10,
    biasSeconds: Math.round(mean(errors) * 10) / 10, // > 0: the estimate runs long
    medianAbsSeconds: Math.round(q(0.5)),
    p90AbsSeconds: Math.round(q(0.9)),
    within60: Math.round((abs.filter((e) => e <= 60).length / Math.max(1, abs.length)) * 1000) / 1000,
  };
}

const seed = values.seed ? Number(values.seed) : undefined;
const results = values.scenario.split(",").map((n) => simulate(n.trim(), seed));
console.log("Estimated wait accuracy (callers who queued and were served; error = estimate - actual wait)");
console.log(["scenario", "queued", "scored", "abandoned", "max-wait", "mean actual s", "mean est s", "MAE s", "bias s", "median |e| s", "p90 |e| s", "within ±60 s"].join(" | "));
for (const r of results) {
  console.log(
    [r.scenario, r.counts.queued, r.counts.scored, r.counts.abandoned, r.counts.maxWait, r.meanActualSeconds, r.meanEstimateSeconds, r.maeSeconds, r.biasSeconds, r.medianAbsSeconds, r.p90AbsSeconds, `${(r.within60 * 100).toFixed(1)}%`].join(" | "),
  );
}
const all = results.flatMap((r) => Array(r.counts.scored).fill(r) as typeof results);
const pooledMae = all.length ? Math.round((all.reduce((s, r) => s + r.maeSeconds, 0) / all.length) * 10) / 10 : 0;
const pooledWithin = all.length ? Math.round((all.reduce((s, r) => s + r.within60, 0) / all.length) * 1000) / 1000 : 0;
console.log(`pooled over ${all.length} scored callers: MAE ${pooledMae} s, within ±60 s ${(pooledWithin * 100).toFixed(1)}%`);
mkdirSync(dirname(values.out), { recursive: true });
writeFileSync(values.out, JSON.stringify({ method: "(position - 0.5) × (recent talk + wrap-up) / staffed agents (lib/routing/wait-estimate.ts)", results, pooled: { scored: all.length, maeSeconds: pooledMae, within60: pooledWithin } }, null, 2));
console.log(`wrote ${values.out}`);
