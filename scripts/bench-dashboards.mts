// Open supervisor dashboards for `npm run bench -- --dashboards N`: each one is a pusher-js client subscribed to the
// floor channel that re-fetches its page the way the browser's LiveSync does (components/live-sync.tsx): only for
// the signals its page shows (lib/dashboard/live-sync-policy.ts), coalesced (120 ms), at most once per the page's
// interval, on a sequence gap at once. A re-fetch is what router.refresh() asks the server for: the page's React
// Server Components payload (GET with `RSC: 1`), under the supervisor's session cookie.
import type PusherClient from "pusher-js";
import { policyFor } from "../lib/dashboard/live-sync-policy.ts";
import { FLOOR_CHANNEL } from "../lib/realtime/events.ts";
import { selfSigningPusherClient } from "../lib/realtime/self-signing-client.ts";
import { SequenceTracker } from "../lib/realtime/sequence-tracker.ts";
import { bindFloorSignals } from "../lib/realtime/subscribe.ts";

const COALESCE_MS = 120; // as components/live-sync.tsx

/** Sign in through Auth.js's credentials endpoint; returns the Cookie header for later requests. */
export async function signIn(base: string, email: string, password: string): Promise<string> {
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const jar = new Map<string, string>();
  const keep = (r: Response) => {
    for (const c of r.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const eq = pair!.indexOf("=");
      jar.set(pair!.slice(0, eq), pair!.slice(eq + 1));
    }
  };
  keep(csrf);
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const r = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie() },
    body: new URLSearchParams({ csrfToken, email, password, callbackUrl: `${base}/` }),
  });
  keep(r);
  if (![...jar.keys()].some((k) => k.includes("session-token"))) throw new Error(`sign-in failed (${r.status})`);
  return cookie();
}

/** Which page each of N dashboards shows: mostly the board and live calls, as on a supervisors' floor. */
export const DASHBOARD_PAGES = ["/", "/calls", "/", "/calls", "/history", "/", "/analytics", "/calls", "/", "/history"];

export type DashboardStats = { refreshes: number; errors: number; signals: number; ms: number[]; statuses: Record<string, number> };

export async function openDashboards(opts: {
  n: number;
  base: string;
  cookie: string;
  pusher: { app: { id: string; key: string; secret: string }; host: string; port: number };
}) {
  const stats: DashboardStats = { refreshes: 0, errors: 0, signals: 0, ms: [], statuses: {} };
  const clients: PusherClient[] = [];
  const timers = new Set<ReturnType<typeof setTimeout>>();
  let open = true;
  const subscribed: Array<Promise<void>> = [];
  for (let i = 0; i < opts.n; i++) {
    const path = DASHBOARD_PAGES[i % DASHBOARD_PAGES.length]!;
    const policy = policyFor(path);
    let timer: ReturnType<typeof setTimeout> | null = null;
    let lastRefresh = 0;
    // Next answers an RSC request without its `_rsc` cache-busting parameter with a 307 to the URL that has it (the
    // browser's router always sends it): learn that URL once, then ask for it directly.
    let url = `${opts.base}${path}`;
    const refresh = async () => {
      const t = performance.now();
      try {
        let r = await fetch(url, { headers: { Cookie: opts.cookie, RSC: "1" }, redirect: "manual" });
        const location = r.headers.get("location");
        if (r.status === 307 && location?.includes("_rsc")) {
          await r.arrayBuffer();
          url = new URL(location, opts.base).toString();
          r = await fetch(url, { headers: { Cookie: opts.cookie, RSC: "1" }, redirect: "manual" });
        }
        await r.arrayBuffer();
        stats.statuses[r.status] = (stats.statuses[r.status] ?? 0) + 1;
        if (r.status !== 200) stats.errors++;
      } catch {
        stats.statuses.network = (stats.statuses.network ?? 0) + 1;
        stats.errors++;
      }
      stats.refreshes++;
      stats.ms.push(performance.now() - t);
    };
    const schedule = (force: boolean) => {
      if (!open || timer) return;
      const wait = Math.max(COALESCE_MS, lastRefresh + (force ? 0 : policy.minIntervalMs) - Date.now());
      timer = setTimeout(() => {
        if (timer) timers.delete(timer);
        timer = null;
        lastRefresh = Date.now();
        void refresh();
      }, wait);
      timers.add(timer);
    };
    const client = selfSigningPusherClient({ app: opts.pusher.app, host: opts.pusher.host, port: opts.pusher.port });
    clients.push(client);
    const sequences = new SequenceTracker();
    const channel = client.subscribe(FLOOR_CHANNEL);
    bindFloorSignals(channel, (name, signal) => {
      stats.signals++;
      const gap = sequences.observe(signal);
      if (policy.touches(name, signal)) schedule(false);
      if (gap) schedule(true);
    });
    subscribed.push(new Promise<void>((resolve) => channel.bind("pusher:subscription_succeeded", () => resolve())));
  }
  await Promise.all(subscribed);
  // One probe, so a run shows at once whether the session is accepted (a redirect to /login means it is not).
  const probe = await fetch(`${opts.base}/?_rsc`, { headers: { Cookie: opts.cookie, RSC: "1" }, redirect: "manual" });
  await probe.arrayBuffer();
  console.log(`[bench] dashboard probe RSC GET /?_rsc: ${probe.status} ${probe.headers.get("content-type") ?? ""}${probe.headers.get("location") ? ` -> ${probe.headers.get("location")}` : ""}`);
  return {
    stats,
    close() {
      open = false;
      for (const t of timers) clearTimeout(t);
      for (const c of clients) c.disconnect();
    },
  };
}
