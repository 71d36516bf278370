// Learning-curve charts of a lab run as SVG, drawn headless with vega-lite -> vega (no canvas needed).
import * as vega from "vega";
import * as vegaLite from "vega-lite";
import type { ScenarioResult } from "./run.ts";

type Row = { hour: number; policy: string; value: number };

async function lineChart(title: string, yTitle: string, rows: Row[], extra: object[] = []): Promise<string> {
  const spec = {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title,
    width: 520,
    height: 220,
    data: { values: rows },
    layer: [
      {
        mark: { type: "line", point: false, strokeWidth: 2 },
        encoding: {
          x: { field: "hour", type: "quantitative", title: "open hour of the run" },
          y: { field: "value", type: "quantitative", title: yTitle, scale: { zero: false } },
          color: { field: "policy", type: "nominal", sort: ["tuned", "seed-score", "longest-idle", "round-robin", "random", "oracle"] },
        },
      },
      ...extra,
    ],
  };
  const compiled = vegaLite.compile(spec as vegaLite.TopLevelSpec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: "none" });
  const svg = await view.toSVG();
  view.finalize();
  return svg;
}

/** Running CSAT (share of 3-4 ratings so far) per policy: how quickly each policy's routing pays off. */
export function csatChart(r: ScenarioResult): Promise<string> {
  const rows: Row[] = [];
  for (const p of r.policies) {
    let good = 0;
    let n = 0;
    for (const h of p.curves.csatByHour) {
      good += h.good;
      n += h.rated;
      if (n > 0) rows.push({ hour: h.hour, policy: p.policy, value: good / n });
    }
  }
  return lineChart(`${r.scenario}: running CSAT (share of 3-4 ratings so far)`, "CSAT", rows);
}

export function newHireChart(r: ScenarioResult): Promise<string> | null {
  const any = r.policies.find((p) => p.metrics.newHire);
  if (!any?.metrics.newHire) return null;
  const rows: Row[] = [];
  for (const p of r.policies) for (const h of p.curves.newHireShare) if (h.share !== null) rows.push({ hour: h.hour, policy: p.policy, value: h.share });
  const fair = { data: { values: [{}] }, mark: { type: "rule", strokeDash: [4, 4], color: "gray" }, encoding: { y: { datum: any.metrics.newHire.fairShare } } };
  return lineChart(`${r.scenario}: the new hire's share of calls per hour (dashed: fair share)`, "share of calls", rows, [fair]);
}

export function poorAgentChart(r: ScenarioResult): Promise<string> | null {
  if (!r.policies.some((p) => p.metrics.poorAgent)) return null;
  const rows: Row[] = [];
  for (const p of r.policies) for (const h of p.curves.poorAgentCalls) rows.push({ hour: h.hour, policy: p.policy, value: h.calls });
  return lineChart(`${r.scenario}: calls served by the hidden poor agent (cumulative)`, "calls", rows);
}
