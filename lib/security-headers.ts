// Security headers for every response. The CSP allows exactly what the app loads: its own scripts/styles, the
// Pusher socket (hosted cluster or the configured self-hosted host), same-origin audio (simulator) and nothing else;
// no framing (frame-ancestors 'none'). Next's hydration needs inline scripts; dev mode also needs eval.
import type { Env } from "./env";

export function pusherConnectSources(e: Env): string[] {
  const c = e.pusherClient;
  if (c.host) {
    const port = c.port ? `:${c.port}` : "";
    return [`ws://${c.host}${port}`, `wss://${c.host}${port}`, `http://${c.host}${port}`, `https://${c.host}${port}`];
  }
  return [`wss://ws-${c.cluster}.pusher.com`, `https://sockjs-${c.cluster}.pusher.com`, "https://stats.pusher.com"];
}

export function securityHeaders(e: Env, dev: boolean): { key: string; value: string }[] {
  const csp = [
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
  return [
    { key: "Content-Security-Policy", value: csp },
    { key: "X-Frame-Options", value: "DENY" },
    { key: "X-Content-Type-Options", value: "nosniff" },
    { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
    { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
    ...(e.production ? [{ key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains; preload" }] : []),
  ];
}
