// The only routes reachable without a supervisor session. Each has its own check instead: Plivo webhooks verify
// the V3 signature, cron routes their secret, health exposes nothing. Everything else (pages, server actions,
// JSON APIs, Pusher channel auth) needs a signed-in supervisor.
const PUBLIC_PREFIXES = ["/ivr/", "/plivo/", "/api/cron/", "/api/auth/"] as const;
const PUBLIC_EXACT = new Set(["/ivr", "/plivo", "/api/health", "/api/cron", "/login"]);

export function isPublicPath(pathname: string): boolean {
  return PUBLIC_EXACT.has(pathname) || PUBLIC_PREFIXES.some((p) => pathname.startsWith(p));
}

/** JSON endpoints answer 401 instead of redirecting a fetch to the login page. */
export function isApiPath(pathname: string): boolean {
  return pathname === "/api" || pathname.startsWith("/api/");
}
