// Can anonymous sign-in attempts make callers hear silence? Against a RUNNING server, sends signed caller webhooks
// (POST /ivr/start with a new CallUUID each, one at a time) and reports their latency p50/p99: first quietly, then
// while `--storm` concurrent clients post wrong passwords to Auth.js's credentials endpoint as fast as they can.
//   --mode one-account  every attempt targets one account from one address (the throttle can engage)
//   --mode spread       each attempt a new email and a new X-Forwarded-For (the throttle cannot help: this
//                       measures where the password hash runs)
//
//   npx tsx scripts/measure-login-storm.mts [--base http://localhost:3000] [--samples 200] [--storm 50] [--mode spread]
//
// Uses the server's environment (PLIVO_AUTH_TOKEN, PUBLIC_BASE_URL): run it with the variables the server has.
import { parseArgs } from "node:util";
import { randomUUID } from "node:crypto";
import { loadEnv } from "../lib/env.ts";
import { signedHeaders } from "../lib/telephony/plivo-signature.ts";

const { values } = parseArgs({
  options: {
    base: { type: "string" },
    samples: { type: "string", default: "200" },
    storm: { type: "string", default: "50" },
    mode: { type: "string", default: "spread" },
  },
});
const config = loadEnv(process.env);
const base = (values.base ?? config.publicBaseUrl).replace(/\/+$/, "");
const samples = Number(values.samples);
const stormSize = Number(values.storm);
const mode = values.mode === "one-account" ? "one-account" : "spread";

async function webhookOnce(): Promise<number> {
  const url = `${config.publicBaseUrl}/ivr/start`;
  const params = { CallUUID: `storm-${randomUUID()}`, From: "+14155550100", To: "+14155550199", Direction: "inbound", CallStatus: "ringing" };
  const headers = { ...signedHeaders({ method: "POST", url, params, authToken: config.plivo.authToken }), "content-type": "application/x-www-form-urlencoded" };
  const t0 = performance.now();
  const post = () => fetch(`${base}/ivr/start`, { method: "POST", headers, body: new URLSearchParams(params).toString() });
  // A kept-alive socket the server closed just as we reused it (ECONNRESET): send again, as Plivo would; the time
  // of the failed attempt still counts.
  const res = await post().catch(() => post());
  await res.text();
  if (res.status !== 200) throw new Error(`webhook answered ${res.status}`);
  return performance.now() - t0;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function measure(label: string): Promise<{ p50: number; p99: number }> {
  const times: number[] = [];
  for (let i = 0; i < samples; i++) times.push(await webhookOnce());
  times.sort((a, b) => a - b);
  const r = { p50: percentile(times, 50), p99: percentile(times, 99) };
  console.log(`${label.padEnd(34)} webhook p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms (${samples} webhooks)`);
  return r;
}

/** One storm client: its own CSRF cookie, then wrong passwords back to back until told to stop. */
async function badLogins(id: number, stop: { done: boolean }, counts: Map<string, number>) {
  const csrf = await fetch(`${base}/api/auth/csrf`);
  // The proxy and the route may both set the CSRF cookie: as in a browser, the last one of a name wins.
  const jar = new Map((csrf.headers.getSetCookie?.() ?? []).map((c) => (c.split(";")[0] ?? "").split("=") as [string, string]));
  const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  let n = 0;
  while (!stop.done) {
    const email = mode === "one-account" ? config.supervisor.email : `guess-${id}-${n}@example.com`;
    const address = mode === "one-account" ? "198.51.100.1" : `10.${id}.${(n >> 8) & 255}.${n & 255}`;
    const res = await fetch(`${base}/api/auth/callback/credentials`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie, "x-forwarded-for": address },
      body: new URLSearchParams({ email, password: `wrong-${n}`, csrfToken, callbackUrl: "/" }).toString(),
    }).catch(() => null);
    await res?.text().catch(() => "");
    // Auth.js answers a refused sign-in with a redirect whose `error` says why (CredentialsSignin, MissingCSRF...).
    const error = new URL(res?.headers.get("location") ?? "/", base).searchParams.get("code") ?? new URL(res?.headers.get("location") ?? "/", base).searchParams.get("error");
    const key = `${res?.status ?? "network error"} ${error ?? ""}`.trim();
    counts.set(key, (counts.get(key) ?? 0) + 1);
    n++;
  }
}

for (let i = 0; i < 20; i++) await webhookOnce(); // warm-up: compile paths, open connections
const quiet = await measure("quiet");
const stop = { done: false };
const counts = new Map<string, number>();
const started = performance.now();
const storm = Array.from({ length: stormSize }, (_, i) => badLogins(i, stop, counts));
await new Promise((r) => setTimeout(r, 1000)); // let the storm build up
const loud = await measure(`${stormSize} concurrent bad logins (${mode})`);
stop.done = true;
await Promise.all(storm);
const seconds = (performance.now() - started) / 1000;
const attempts = [...counts.values()].reduce((a, b) => a + b, 0);
console.log(`bad logins: ${attempts} in ${seconds.toFixed(1)} s (${(attempts / seconds).toFixed(1)}/s), statuses ${JSON.stringify(Object.fromEntries(counts))}`);
console.log(`p99 ratio storm/quiet: ${(loud.p99 / quiet.p99).toFixed(1)}x; p50 ratio ${(loud.p50 / quiet.p50).toFixed(1)}x`);
