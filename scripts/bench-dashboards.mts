// Open supervisor dashboards for `npm run bench -- --dashboards N`: each one is a pusher-js client subscribed to the
// floor channel that keeps its page current the way the browser does (components/live-sync.tsx). The board and
// live calls patch their rows: each signal is planned into keys (lib/realtime/live-patch.ts: the agents the page
// shows, the calls, the queue), coalesced per tab (lib/realtime/coalescer.ts) and fetched from /api/live/board or
// /api/live/calls; they re-render in full only when a signal asks for it (ranks, callbacks), at most once per the
// page's interval. Other pages re-render for the signals their page shows (lib/dashboard/live-sync-policy.ts).
// A full re-render is what router.refresh() asks the server for: the page's React Server Components payload (GET
// with `RSC: 1`), under the supervisor's session cookie; a sequence gap asks for one like any signal.
import type PusherClient from "pusher-js";
import { policyFor } from "../lib/dashboard/live-sync-policy.ts";
import type { BoardPatch } from "../lib/realtime/board-row.ts";
import { createCoalescer, type Coalescer } from "../lib/realtime/coalescer.ts";
import { FLOOR_CHANNEL, type RealtimeEventName, type RealtimeSignal } from "../lib/realtime/events.ts";
import { LIVE_PATCH_WINDOW_MS, boardPatchSearch, boardPlan, callsPatchSearch, callsPlan, type SignalPlan } from "../lib/realtime/live-patch.ts";
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

export type DashboardStats = {
  /** Full re-renders (RSC payloads) and partial re-fetches (JSON), with the bytes each brought. */
  refreshes: number;
  refreshBytes: number;
  patches: number;
  patchBytes: number;
  errors: number;
  signals: number;
  /** Signals whose number skipped one from the same server (a missed pack): each asks for a full re-render. */
  gaps: number;
  ms: number[];
  patchMs: number[];
  statuses: Record<string, number>;
  /** Full re-renders per page. */
  byPage: Record<string, number>;
};

/** What the board's RSC payload shows: its rows' agents (BoardRow's `row` prop) and the call each is on. */
function boardRowsOf(payload: string, shown: Map<string, string | null>) {
  shown.clear();
  const starts = [...payload.matchAll(/"row":\{"id":"([^"]+)"/g)];
  starts.forEach((m, i) => {
    const chunk = payload.slice(m.index, starts[i + 1]?.index ?? payload.length);
    shown.set(m[1]!, /"currentCall":\{"id":"([^"]+)"/.exec(chunk)?.[1] ?? null);
  });
}

type Dashboard = { path: string; plan: ((name: RealtimeEventName, signal: RealtimeSignal) => SignalPlan) | null; coalescer: Coalescer | null };

export async function openDashboards(opts: {
  n: number;
  base: string;
  cookie: string;
  pusher: { app: { id: string; key: string; secret: string }; host: string; port: number };
}) {
  const stats: DashboardStats = { refreshes: 0, refreshBytes: 0, patches: 0, patchBytes: 0, errors: 0, signals: 0, gaps: 0, ms: [], patchMs: [], statuses: {}, byPage: {} };
  const clients: PusherClient[] = [];
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const dashboards: Dashboard[] = [];
  let open = true;
  const subscribed: Array<Promise<void>> = [];
  const later = (fn: () => void, ms: number) => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
    return t;
  };
  const get = async (url: string, headers: Record<string, string>) => {
    const r = await fetch(url, { headers: { Cookie: opts.cookie, ...headers }, redirect: "manual" });
    const body = await r.text();
    stats.statuses[r.status] = (stats.statuses[r.status] ?? 0) + 1;
    if (r.status !== 200 && r.status !== 307) stats.errors++;
    return { r, body, bytes: Buffer.byteLength(body) };
  };
  for (let i = 0; i < opts.n; i++) {
    const path = DASHBOARD_PAGES[i % DASHBOARD_PAGES.length]!;
    const policy = policyFor(path);
    const shown = new Map<string, string | null>(); // the board's rows: agent -> call it is on
    let timer: ReturnType<typeof setTimeout> | null = null;
    let lastRefresh = 0;
    // Next answers an RSC request without its `_rsc` cache-busting parameter with a 307 to the URL that has it (the
    // browser's router always sends it): learn that URL once, then ask for it directly.
    let url = `${opts.base}${path}`;
    const refresh = async () => {
      const t = performance.now();
      try {
        let res = await get(url, { RSC: "1" });
        const location = res.r.headers.get("location");
        if (res.r.status === 307 && location?.includes("_rsc")) {
          url = new URL(location, opts.base).toString();
          res = await get(url, { RSC: "1" });
        }
        stats.refreshBytes += res.bytes;
        if (path === "/") boardRowsOf(res.body, shown);
      } catch {
        stats.statuses.network = (stats.statuses.network ?? 0) + 1;
        stats.errors++;
      }
      stats.refreshes++;
      stats.byPage[path] = (stats.byPage[path] ?? 0) + 1;
      stats.ms.push(performance.now() - t);
    };
    const schedule = (force: boolean) => {
      if (!open || timer) return;
      const wait = Math.max(COALESCE_MS, lastRefresh + (force ? 0 : policy.minIntervalMs) - Date.now());
      timer = later(() => {
        timer = null;
        lastRefresh = Date.now();
        void refresh();
      }, wait);
    };
    // The board and live calls patch from the JSON routes, as components/board-live.tsx and live-calls.tsx do.
    const patch = async (route: string, search: string | null) => {
      if (!search || !open) return;
      const t = performance.now();
      const res = await get(`${opts.base}${route}?${search}`, { accept: "application/json" });
      stats.patches++;
      stats.patchBytes += res.bytes;
      stats.patchMs.push(performance.now() - t);
      return res.r.status === 200 ? res.body : null;
    };
    const d: Dashboard = { path, plan: null, coalescer: null };
    if (path === "/") {
      d.plan = (name, signal) => boardPlan(name, signal, { hasAgent: (id) => shown.has(id), agentOnCall: (c) => [...shown].find(([, x]) => x === c)?.[0] });
      d.coalescer = createCoalescer({
        windowMs: LIVE_PATCH_WINDOW_MS,
        run: async (keys) => {
          const body = await patch("/api/live/board", boardPatchSearch(keys));
          if (!body) return;
          for (const row of (JSON.parse(body) as BoardPatch).agents) {
            if ("gone" in row) continue;
            if (shown.has(row.id)) shown.set(row.id, row.currentCall?.id ?? null);
            // A row in wrap-up re-reads itself when it runs out (BoardRow).
            if (row.status === "WRAP_UP" && row.wrapUpUntil) later(() => d.coalescer?.add([`agent:${row.id}`]), Math.max(0, Date.parse(row.wrapUpUntil) - Date.now()) + 300);
          }
        },
      });
      await refresh(); // the page as first loaded: which agents it shows
    } else if (path === "/calls") {
      d.plan = callsPlan;
      d.coalescer = createCoalescer({ windowMs: LIVE_PATCH_WINDOW_MS, run: async (keys) => void (await patch("/api/live/calls", callsPatchSearch(keys))) });
    }
    dashboards.push(d);
    const client = selfSigningPusherClient({ app: opts.pusher.app, host: opts.pusher.host, port: opts.pusher.port });
    clients.push(client);
    const sequences = new SequenceTracker();
    const channel = client.subscribe(FLOOR_CHANNEL);
    bindFloorSignals(channel, (name, signal) => {
      stats.signals++;
      const gap = sequences.observe(signal);
      if (d.plan) {
        const { keys, refresh: full } = d.plan(name, signal);
        if (keys.length > 0) d.coalescer?.add(keys);
        if (full) schedule(false);
      } else if (policy.touches(name, signal)) schedule(false);
      if (gap) {
        stats.gaps++;
        schedule(false); // within the page's interval, as LiveSync does
      }
    });
    subscribed.push(new Promise<void>((resolve) => channel.bind("pusher:subscription_succeeded", () => resolve())));
  }
  await Promise.all(subscribed);
  // The counts so far are the first page loads, not the run's work.
  Object.assign(stats, { refreshes: 0, refreshBytes: 0, patches: 0, patchBytes: 0, errors: 0, ms: [], patchMs: [], statuses: {}, byPage: {} });
  // One probe, so a run shows at once whether the session is accepted (a redirect to /login means it is not).
  const probe = await fetch(`${opts.base}/?_rsc`, { headers: { Cookie: opts.cookie, RSC: "1" }, redirect: "manual" });
  await probe.arrayBuffer();
  console.log(`[bench] dashboard probe RSC GET /?_rsc: ${probe.status} ${probe.headers.get("content-type") ?? ""}${probe.headers.get("location") ? ` -> ${probe.headers.get("location")}` : ""}`);
  return {
    stats,
    close() {
      open = false;
      for (const t of timers) clearTimeout(t);
      for (const d of dashboards) d.coalescer?.dispose();
      for (const c of clients) c.disconnect();
    },
  };
}
