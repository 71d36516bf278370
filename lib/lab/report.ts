// The lab's per-scenario table (terminal and README): one row per policy.
import type { ScenarioResult } from "./run";

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

export function tableRows(r: ScenarioResult): string[][] {
  const header = ["policy", "CSAT", "mean rating", "ASA s", "abandoned", "SL 20 s", "Gini calls", "Gini talk", "occupancy min-max"];
  const hasPoor = r.policies.some((p) => p.metrics.poorAgent);
  const hasHire = r.policies.some((p) => p.metrics.newHire);
  if (hasPoor) header.push("poor agent: calls to flag (bad ratings) / total");
  if (hasHire) header.push("new hire share: first day / last day (fair)");
  const hasSkill = r.policies.some((p) => p.metrics.skillCsat !== null);
  const hasPriority = r.policies.some((p) => p.metrics.priorityAsa !== null);
  if (hasSkill) header.push("skill callers CSAT");
  if (hasPriority) header.push("ASA s: priority / others");
  const rows = [header];
  for (const p of r.policies) {
    const m = p.metrics;
    const occ = Object.values(m.occupancy).filter((x) => x > 0);
    const row = [
      p.policy,
      pct(m.csat),
      m.meanRating.toFixed(3),
      m.asaSeconds.toFixed(1),
      pct(m.abandonment),
      pct(m.serviceLevel),
      m.giniCalls.toFixed(3),
      m.giniTalk.toFixed(3),
      occ.length ? `${pct(Math.min(...occ))}-${pct(Math.max(...occ))}` : "-",
    ];
    if (hasPoor) {
      const a = m.poorAgent;
      row.push(a ? `${a.flaggedAfterCalls ?? "never"} (${a.badRatingsBefore ?? "-"}) / ${a.callsTotal}` : "-");
    }
    if (hasHire) {
      const h = m.newHire;
      row.push(h ? `${pct(h.shareFirstDay)} / ${pct(h.shareLastDay)} (${pct(h.fairShare)})` : "-");
    }
    if (hasSkill) row.push(m.skillCsat === null ? "-" : pct(m.skillCsat));
    if (hasPriority) row.push(m.priorityAsa ? `${m.priorityAsa.vip.toFixed(1)} / ${m.priorityAsa.others.toFixed(1)}` : "-");
    rows.push(row);
  }
  return rows;
}

/** A Markdown table (also readable in a terminal). */
export function formatTable(r: ScenarioResult): string {
  const rows = tableRows(r);
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  const [header, ...body] = rows;
  return [line(header ?? []), line((header ?? []).map(() => "---")), ...body.map(line)].join("\n");
}

type SpreadRow = { policy: string; seeds: number[]; metric: string; mean: number; min: number; max: number };

/** Per policy and metric, the difference to longest-idle over several seeds: mean and range (paired by seed). */
export function seedSpread(runs: ScenarioResult[]): { rows: SpreadRow[]; table: string } {
  const metrics = ["csat", "serviceLevel", "abandonment", "giniCalls", "giniTalk"] as const;
  const rows: SpreadRow[] = [];
  const names = runs[0]?.policies.map((p) => p.policy).filter((n) => n !== "longest-idle") ?? [];
  for (const name of names) {
    for (const metric of metrics) {
      const diffs = runs.map((r) => {
        const mine = r.policies.find((p) => p.policy === name)?.metrics[metric] ?? NaN;
        const base = r.policies.find((p) => p.policy === "longest-idle")?.metrics[metric] ?? NaN;
        return mine - base;
      });
      rows.push({
        policy: name,
        seeds: runs.map((r) => r.seed),
        metric,
        mean: diffs.reduce((a, b) => a + b, 0) / diffs.length,
        min: Math.min(...diffs),
        max: Math.max(...diffs),
      });
    }
  }
  const fmt = (x: number, m: string) => (m.startsWith("gini") ? x.toFixed(3) : `${(x * 100).toFixed(1)} pp`);
  const lines = ["| policy − longest-idle | metric | mean | min | max |", "| --- | --- | --- | --- | --- |"];
  for (const r of rows) lines.push(`| ${r.policy} | ${r.metric} | ${fmt(r.mean, r.metric)} | ${fmt(r.min, r.metric)} | ${fmt(r.max, r.metric)} |`);
  return { rows, table: lines.join("\n") };
}
