// Headless callers against a running server: the same simulator as the browser phone, signing like Plivo.
//   npm run simulate -- --base http://localhost:3000 --calls 20 --concurrency 5 --script 1,2,wait,4 \
//                       --agent answer:2:5 --time-scale 0.05
// Prints each call (path, keys, prompts heard, errors with the offending response) and a summary with request
// latencies. Exits 1 if any call hit a protocol error (non-200, malformed XML, unknown element, ...).
import { parseArgs } from "node:util";
import { describeAgent, parseAgentBehaviour, type AgentBehaviour } from "../lib/simulator/agent-behaviour.ts";
import { randomCaller, scriptedCaller, validateScript } from "../lib/simulator/callers.ts";
import { createSigningTransport } from "../lib/simulator/signing-transport.ts";
import { simulateCall, type CallResult } from "../lib/simulator/simulate-call.ts";

const USAGE = `usage: npm run simulate -- [options]
  --base URL            server to call (default http://localhost:3000)
  --public-base URL     URL the server believes it is at (PUBLIC_BASE_URL), signed for (default --base)
  --calls N             number of calls (default 1)
  --concurrency C       calls in flight at once (default 1)
  --script KEYS         per prompt: keys, "wait" or "hangup", comma-separated (default 1,2,wait,4)
  --random              random callers instead of --script (load tests)
  --agent SPEC          answer:N:M | no-answer | busy | failed | random (default answer:2:5)
  --time-scale X        multiply every wait (default 0.05)
  --direction D         inbound | outbound (default inbound)
  --from E164 --to E164 caller and called numbers (default a distinct caller per call, to +14155550000)
  --auth-token T        Plivo auth token to sign with (default PLIVO_AUTH_TOKEN or the local default)
  --json                print one JSON object per call instead of text
  --quiet               only the summary`;

const { values } = parseArgs({
  options: {
    base: { type: "string", default: "http://localhost:3000" },
    "public-base": { type: "string" },
    calls: { type: "string", default: "1" },
    concurrency: { type: "string", default: "1" },
    script: { type: "string", default: "1,2,wait,4" },
    random: { type: "boolean", default: false },
    agent: { type: "string", default: "answer:2:5" },
    "time-scale": { type: "string", default: "0.05" },
    direction: { type: "string", default: "inbound" },
    from: { type: "string" },
    to: { type: "string", default: "+14155550000" },
    "auth-token": { type: "string" },
    json: { type: "boolean", default: false },
    quiet: { type: "boolean", default: false },
    help: { type: "boolean", default: false },
  },
});

function fail(message: string): never {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
}

if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const calls = Number(values.calls);
const concurrency = Number(values.concurrency);
const timeScale = Number(values["time-scale"]);
if (!Number.isInteger(calls) || calls < 1) fail("--calls must be a positive integer");
if (!Number.isInteger(concurrency) || concurrency < 1) fail("--concurrency must be a positive integer");
if (!(timeScale > 0)) fail("--time-scale must be > 0");
if (values.direction !== "inbound" && values.direction !== "outbound") fail("--direction must be inbound or outbound");
const direction = values.direction;
const base = values.base.replace(/\/+$/, "");
const publicBase = (values["public-base"] ?? base).replace(/\/+$/, "");
let script: string[] = [];
let agentSpec: AgentBehaviour | "random";
try {
  script = validateScript(values.script.split(",").map((s) => s.trim()).filter(Boolean));
  agentSpec = values.agent === "random" ? "random" : parseAgentBehaviour(values.agent);
} catch (e) {
  fail(e instanceof Error ? e.message : String(e));
}
const AGENTS: AgentBehaviour[] = [
  { kind: "answer", afterSeconds: 2, talkSeconds: 20 },
  { kind: "answer", afterSeconds: 5, talkSeconds: 60 },
  { kind: "no-answer" },
  { kind: "busy" },
  { kind: "failed" },
];
const pickAgent = (): AgentBehaviour => (agentSpec === "random" ? AGENTS[Math.floor(Math.random() * AGENTS.length)]! : agentSpec);

const transport = createSigningTransport({
  authToken: values["auth-token"] ?? process.env.PLIVO_AUTH_TOKEN ?? "local-plivo-auth-token",
  targetOrigin: base,
});
const latencies: number[] = [];

async function one(index: number): Promise<CallResult> {
  const from = values.from ?? `+1415${String(5_000_000 + ((index * 7919 + Date.now()) % 5_000_000)).padStart(7, "0")}`;
  return simulateCall({
    transport,
    answerUrl: `${publicBase}/ivr/start`,
    hangupUrl: `${publicBase}/plivo/callback`,
    direction,
    // Outbound: we call the customer from our number; inbound: the customer calls our number.
    from: direction === "outbound" ? values.to : from,
    to: direction === "outbound" ? from : values.to,
    requestUuid: direction === "outbound" ? globalThis.crypto.randomUUID() : undefined,
    caller: values.random ? randomCaller() : scriptedCaller(script),
    agent: () => pickAgent(),
    timeScale,
    onEvent: (e) => {
      if (e.type === "response") latencies.push(e.ms);
    },
  });
}

function printCall(index: number, r: CallResult) {
  if (values.quiet) return;
  if (values.json) {
    const { events: _events, errors, ...rest } = r;
    console.log(JSON.stringify({ call: index + 1, ...rest, errors: errors.map((e) => e.toJSON()) }));
    return;
  }
  const lines = [
    `#${index + 1} ${r.outcome.toUpperCase()} ${r.callUuid} ${r.from} -> ${r.to} ${r.durationSeconds}s, ${r.requests} requests, hangup ${r.hangupCause} (${r.hangupSource})`,
    `   path:    ${r.steps.join(" > ")}`,
    `   pressed: ${r.pressed.join(", ") || "-"}${r.dialStatuses.length ? `   dial: ${r.dialStatuses.join(", ")}` : ""}`,
    ...r.heard.map((h) => `   heard:   ${h.length > 110 ? `${h.slice(0, 107)}...` : h}`),
    ...r.errors.map((e) => {
      const j = e.toJSON();
      const resp = j.response ? `\n            -> ${j.response.status}: ${j.response.body.replace(/\s+/g, " ").slice(0, 400)}` : "";
      return `   ERROR ${j.kind}: ${j.message}${resp}`;
    }),
  ];
  console.log(lines.join("\n"));
}

const pct = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : 0);

const started = Date.now();
const results: CallResult[] = new Array(calls);
let nextIndex = 0;
await Promise.all(
  Array.from({ length: Math.min(concurrency, calls) }, async () => {
    while (nextIndex < calls) {
      const i = nextIndex++;
      results[i] = await one(i);
      printCall(i, results[i]);
    }
  }),
);
const wall = (Date.now() - started) / 1000;

const failed = results.filter((r) => r.outcome === "failed");
const byKind = new Map<string, number>();
for (const r of failed) for (const e of r.errors) byKind.set(e.kind, (byKind.get(e.kind) ?? 0) + 1);
const steps = new Map<string, number>();
for (const r of results) steps.set(r.steps.join(">"), (steps.get(r.steps.join(">")) ?? 0) + 1);
const sorted = [...latencies].sort((a, b) => a - b);
console.log(
  [
    "",
    `summary: ${calls} calls (${direction}, ${values.random ? "random callers" : `script ${script.join(",")}`}, agent ${agentSpec === "random" ? "random" : describeAgent(agentSpec)}, time scale ${timeScale}) against ${base}`,
    `  completed ${calls - failed.length}, failed ${failed.length}${byKind.size ? ` (${[...byKind].map(([k, n]) => `${k}: ${n}`).join(", ")})` : ""}`,
    `  wall ${wall.toFixed(1)} s, ${(calls / wall).toFixed(2)} calls/s, ${sorted.length} webhook requests`,
    `  webhook latency ms: p50 ${pct(sorted, 50).toFixed(0)}, p95 ${pct(sorted, 95).toFixed(0)}, p99 ${pct(sorted, 99).toFixed(0)}, max ${(sorted.at(-1) ?? 0).toFixed(0)}`,
    `  paths: ${[...steps].sort((a, b) => b[1] - a[1]).map(([s, n]) => `${n}x ${s}`).join("; ")}`,
  ].join("\n"),
);
if (failed.length > 0) {
  const first = failed[0]!.errors[0]!.toJSON();
  console.log(`  first error: ${first.kind}: ${first.message}${first.response ? `\n    response ${first.response.status}: ${first.response.body.slice(0, 600)}` : ""}`);
}
process.exit(failed.length > 0 ? 1 : 0);
