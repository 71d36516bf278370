// npm run lab: the routing lab (lib/lab). Runs every scenario (or --scenario a,b) through every policy on the same
// simulated callers, prints a table per scenario, writes JSON to lab-results/ and the learning-curve charts (SVG) to
// docs/lab/. Options: --scenario names, --seed N (override every scenario's seed), --postgres (--postgres-url, default the local server), --out dir,
// --no-charts, --json-only (print the results JSON to stdout, nothing else: what the determinism test compares),
// --policies default,longest-idle (a subset), --seeds N (each scenario with seeds s..s+N-1: prints the spread of
// every policy's difference to longest-idle, the check that a single seed's result is not luck).
import { mkdirSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";

const root = resolve(import.meta.dirname, "..");
const { values } = parseArgs({
  options: {
    scenario: { type: "string" },
    seed: { type: "string" },
    postgres: { type: "boolean", default: false },
    "postgres-url": { type: "string", default: "postgresql://postgres@127.0.0.1:5432/postgres" },
    out: { type: "string", default: resolve(root, "lab-results") },
    charts: { type: "string", default: resolve(root, "docs/lab") },
    "no-charts": { type: "boolean", default: false },
    "json-only": { type: "boolean", default: false },
    policies: { type: "string" },
    seeds: { type: "string", default: "1" },
    help: { type: "boolean", default: false },
  },
  allowNegative: false,
});
if (values.help) {
  console.log("npm run lab -- [--scenario steady-floor,new-hire] [--seed 7] [--postgres [--postgres-url postgresql://...]] [--out lab-results] [--no-charts] [--json-only]");
  process.exit(0);
}
// The lab opens its own databases; the app's environment must not point routing elsewhere or add noise.
process.env.DATABASE_URL ??= "file:./.data/lab-unused.db";

const { listScenarios, loadScenario } = await import("../lib/lab/scenario.ts");
const { postgresFactory, sqliteFactory } = await import("../lib/lab/floor.ts");
const { runScenario } = await import("../lib/lab/run.ts");
const { formatTable } = await import("../lib/lab/report.ts");
const { csatChart, newHireChart, poorAgentChart } = await import("../lib/lab/charts.mts");
const { POLICIES } = await import("../lib/lab/policies.ts");
const { seedSpread } = await import("../lib/lab/report.ts");
const policies = values.policies ? POLICIES.filter((p) => values.policies!.split(",").includes(p.name)) : POLICIES;
const seeds = Math.max(1, Number(values.seeds));

const names = values.scenario ? values.scenario.split(",").map((s) => s.trim()) : listScenarios();
const log = values["json-only"] ? () => undefined : (line: string) => console.log(line);
const factory = values.postgres ? await postgresFactory(values["postgres-url"]) : sqliteFactory();
const started = performance.now();
const results = [];
try {
  for (const name of names) {
    const scenario = loadScenario(name);
    if (values.seed !== undefined) scenario.seed = Number(values.seed);
    if (seeds > 1) {
      const runs = [];
      for (let k = 0; k < seeds; k++) {
        log(`\n== ${scenario.name} (seed ${scenario.seed + k}) ==`);
        runs.push(await runScenario({ ...scenario, seed: scenario.seed + k }, factory, { policies, onPolicy: (p, s) => log(`  ${p}: ${s} s`) }));
      }
      const spread = seedSpread(runs);
      log(spread.table);
      mkdirSync(values.out, { recursive: true });
      writeFileSync(resolve(values.out, `${scenario.name}-seeds.json`), `${JSON.stringify(spread.rows, null, 2)}\n`);
      continue;
    }
    log(`\n== ${scenario.name} (seed ${scenario.seed}) ==`);
    const result = await runScenario(scenario, factory, { policies, onPolicy: (p, s) => log(`  ${p}: ${s} s`) });
    results.push(result);
    log(formatTable(result));
    if (!values["json-only"]) {
      mkdirSync(values.out, { recursive: true });
      writeFileSync(resolve(values.out, `${scenario.name}.json`), `${JSON.stringify(result, null, 2)}\n`);
      if (!values["no-charts"]) {
        mkdirSync(values.charts, { recursive: true });
        writeFileSync(resolve(values.charts, `${scenario.name}-csat.svg`), await csatChart(result));
        const hire = newHireChart(result);
        if (hire) writeFileSync(resolve(values.charts, `${scenario.name}-share.svg`), await hire);
        const poor = poorAgentChart(result);
        if (poor) writeFileSync(resolve(values.charts, `${scenario.name}-poor-agent.svg`), await poor);
      }
    }
  }
} finally {
  await factory.close();
}
if (values["json-only"]) {
  // Wall-clock timings are the only part that differs between two runs of the same seed: leave them out.
  console.log(JSON.stringify(results.map(({ timing: _timing, ...r }) => r)));
} else {
  console.log(`\n${names.length} scenario(s) in ${((performance.now() - started) / 1000).toFixed(1)} s; JSON in ${values.out}`);
}
process.exit(0);
