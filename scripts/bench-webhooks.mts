// In-process latency of each IVR webhook (signature check, zod, receipt, flow, routing, SQLite), without HTTP or
// Next: how long a caller hears silence because of our code. Prints p50/p95/max per route.
//   npx tsx scripts/bench-webhooks.mts [calls=200]
// It uses a throwaway SQLite file and no Pusher server (signals fail fast and are logged, off the caller's path).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const dir = mkdtempSync(join(tmpdir(), "ivr-bench-"));
process.env.DATABASE_URL = `file:${join(dir, "bench.db")}`;
process.env.PUBLIC_BASE_URL = "http://localhost:3000";
process.env.PUSHER_PORT = "9"; // discard port: publishes fail immediately instead of waiting on a socket
console.warn = () => undefined;
console.error = () => undefined;

const root = resolve(import.meta.dirname, "..");
const { migrateDeploy } = await import("../lib/db/migrate.ts");
migrateDeploy(process.env.DATABASE_URL, root);
const { getDb } = await import("../lib/db/client.ts");
const { seedDatabase } = await import("../lib/db/seed.ts");
const { env } = await import("../lib/env.ts");
const { signedHeaders } = await import("../lib/telephony/plivo-signature.ts");
const h = await import("../lib/ivr/handlers.ts");

const db = await getDb();
await seedDatabase(db, { email: "bench@example.com", password: "benchmark1" });

const timings: Record<string, number[]> = {};
async function hit(route: string, handler: (r: Request) => Promise<Response>, url: string, params: Record<string, string>) {
  const headers = { ...signedHeaders({ method: "POST", url, params, authToken: env().plivo.authToken }), "content-type": "application/x-www-form-urlencoded" };
  const request = new Request(url, { method: "POST", headers, body: new URLSearchParams(params).toString() });
  const t = performance.now();
  const res = await handler(request);
  const xml = await res.text();
  (timings[route] ??= []).push(performance.now() - t);
  if (res.status !== 200) throw new Error(`${route} ${res.status} ${xml}`);
  return xml;
}

const calls = Number(process.argv[2] ?? 200);
const base = env().publicBaseUrl;
for (let i = 0; i < calls; i++) {
  const p = { CallUUID: `bench-${i}`, From: `+1202555${String(i).padStart(4, "0")}`, To: "+14155550000", Direction: "inbound" };
  const lang = i % 2 === 0 ? "1" : "2";
  await hit("start", h.startHandler, `${base}/ivr/start`, p);
  await hit("language", h.languageHandler, `${base}/ivr/language?a=0`, { ...p, Digits: lang });
  if (i % 4 === 3) {
    await hit("action(message)", h.actionHandler, `${base}/ivr/action?a=0`, { ...p, Digits: "1" });
  } else {
    const dialXml = await hit("action(agent)", h.actionHandler, `${base}/ivr/action?a=0`, { ...p, Digits: "2" });
    if (dialXml.includes("<Dial")) {
      await hit("dial-events", h.dialEventsHandler, `${base}/ivr/dial-events?d=0`, { ...p, DialAction: "answer" });
      await hit("dial-result", h.dialResultHandler, `${base}/ivr/dial-result?d=0`, { ...p, DialStatus: "completed", DialBLegDuration: "60" });
      await hit("feedback", h.feedbackHandler, `${base}/ivr/feedback?a=0`, { ...p, Digits: String(1 + (i % 4)) });
    }
  }
  await hit("hangup", h.hangupHandler, `${base}/plivo/callback`, { ...p, Duration: "90", HangupCause: "NORMAL_CLEARING", CallStatus: "completed" });
}

const pct = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))] ?? 0;
console.log(`IVR webhook latency, in process, ${calls} sequential calls (ms)`);
console.log("route".padEnd(18), "n".padStart(5), "p50".padStart(7), "p95".padStart(7), "max".padStart(7));
for (const [route, xs] of Object.entries(timings)) {
  console.log(route.padEnd(18), String(xs.length).padStart(5), pct(xs, 0.5).toFixed(1).padStart(7), pct(xs, 0.95).toFixed(1).padStart(7), Math.max(...xs).toFixed(1).padStart(7));
}
await db.$disconnect();
rmSync(dir, { recursive: true, force: true });
process.exit(0);
