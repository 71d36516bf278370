// Summarise V8 .cpuprofile files (from `npm run bench -- --profile`): self time per function and per package, so
// the bottleneck is named before anything is optimised.
//   npx tsx scripts/profile-summary.mts bench-results/profile [--top 30]
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";

const node = z.object({
  id: z.number(),
  callFrame: z.object({ functionName: z.string(), url: z.string(), lineNumber: z.number() }),
  hitCount: z.number().optional(),
});
const profile = z.object({ nodes: z.array(node), startTime: z.number(), endTime: z.number(), samples: z.array(z.number()).optional(), timeDeltas: z.array(z.number()).optional() });

const dir = process.argv[2] ?? "bench-results/profile";
const topIndex = process.argv.indexOf("--top");
const top = topIndex > 0 ? Number(process.argv[topIndex + 1]) : 25;
const files = readdirSync(dir).filter((f) => f.endsWith(".cpuprofile"));
if (files.length === 0) {
  console.error(`no .cpuprofile files in ${dir}`);
  process.exit(1);
}

function packageOf(url: string) {
  if (!url) return "(native/vm)";
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1]!;
  if (url.startsWith("node:")) return "node:internal";
  if (/\/\.next[^/]*\//.test(url)) return "app (our code, bundled)"; // any NEXT_DIST_DIR (.next, .next-bench, .next-<helper>)
  return url.split("/").slice(-2).join("/");
}

for (const file of files) {
  const p = profile.parse(JSON.parse(readFileSync(join(dir, file), "utf8")));
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const selfMicros = new Map<number, number>();
  const samples = p.samples ?? [];
  const deltas = p.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) selfMicros.set(samples[i]!, (selfMicros.get(samples[i]!) ?? 0) + (deltas[i] ?? 0));
  const total = [...selfMicros.values()].reduce((a, b) => a + b, 0);
  const fn = new Map<string, number>();
  const pkg = new Map<string, number>();
  for (const [id, us] of selfMicros) {
    const n = byId.get(id);
    if (!n) continue;
    const { functionName, url, lineNumber } = n.callFrame;
    const key = `${functionName || "(anonymous)"}  ${packageOf(url)}:${lineNumber + 1}`;
    fn.set(key, (fn.get(key) ?? 0) + us);
    const k = packageOf(url);
    pkg.set(k, (pkg.get(k) ?? 0) + us);
  }
  const pct = (us: number) => `${((100 * us) / total).toFixed(1).padStart(5)} %`;
  console.log(`\n${file}: ${(total / 1e6).toFixed(1)} s sampled`);
  console.log("\nself time by package:");
  for (const [k, us] of [...pkg].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`  ${pct(us)}  ${k}`);
  console.log(`\nself time by function (top ${top}):`);
  for (const [k, us] of [...fn].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`  ${pct(us)}  ${k}`);
}
