// Security headers, computed from the RUNTIME environment (proxy.ts sets them per request), so the deploy's real
// Pusher host is in the CSP and HSTS is on in production whatever the build saw. The CSP allows exactly what the
// app loads: its own scripts/styles, the Pusher socket (hosted cluster or the configured self-hosted host),
// same-origin audio (simulator) and nothing else; no framing. Next's hydration needs inline scripts; dev mode
// also needs eval. The headers that never depend on the environment (nosniff, framing, referrer) are also set
// for every path in next.config.ts, including the webhooks, audio and static files the proxy skips.
import type { Env } from "./env";

export function pusherConnectSources(e: Env): string[] {
  const c = e.pusherClient;
  if (c.host) {
    const port = c.port ? `:${c.port}` : "";
    return [`ws://${c.host}${port}`, `wss://${c.host}${port}`, `http://${c.host}${port}`, `https://${c.host}${port}`];
  }
  return [`wss://ws-${c.cluster}.pusher.com`, `https://sockjs-${c.cluster}.pusher.com`, "https://stats.pusher.com"];
}

/** Same for every response and every environment: next.config.ts sets these at build time. */
export const STATIC_SECURITY_HEADERS: { key: string; value: string }[] = [
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
];

export function contentSecurityPolicy(e: Env, dev: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'unsafe-inline'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "media-src 'self' blob: data:",
    `connect-src 'self' ${pusherConnectSources(e).join(" ")}${dev ? " ws: wss:" : ""}`,
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
  ].join("; ");
}

export function securityHeaders(e: Env, dev: boolean): { key: string; value: string }[] {
  return [
    { key: "Content-Security-Policy", value: contentSecurityPolicy(e, dev) },
    ...STATIC_SECURITY_HEADERS,
    ...(e.production ? [{ key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains; preload" }] : []),
  ];
}

/** Set the runtime headers on a response the proxy returns or passes on. */
export function applySecurityHeaders<R extends { headers: Headers }>(response: R, e: Env, dev: boolean): R {
  for (const { key, value } of securityHeaders(e, dev)) response.headers.set(key, value);
  return response;
}
