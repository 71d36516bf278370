// Next 16 proxy (the renamed middleware): the first gate in front of every page, server action and JSON API.
// Pages without a session go to /login (and come back afterwards); APIs get a 401 JSON body. Pages, actions and
// APIs check the session (and its role) again themselves, with its revocation version (lib/auth/session.ts), so neither a
// matcher mistake nor a revoked cookie here can open a route. It also sets the security headers computed from the
// runtime environment, refuses oversized bodies (413) and cross-origin server actions (403) before Next reads them.
import NextAuth from "next-auth";
import { NextResponse, type NextRequest } from "next/server";
import { authConfig } from "./auth.config";
import { env } from "./lib/env";
import { gateForRole, type Role } from "./lib/agent-auth/roles";
import { isApiPath, isPublicPath } from "./lib/auth/public-paths";
import { API_BODY_LIMIT_BYTES } from "./lib/http/body-limits";
import { declaresTooLarge } from "./lib/http/read-bounded-body";
import { isCrossOriginAction } from "./lib/http/same-origin";
import { applySecurityHeaders } from "./lib/security-headers";

const { auth } = NextAuth(authConfig);
const dev = process.env.NODE_ENV !== "production";

function gate(request: NextRequest & { auth: { user?: { role?: Role } } | null }): Response {
  const { pathname, search } = request.nextUrl;
  if (request.method !== "GET" && request.method !== "HEAD" && declaresTooLarge(request.headers, API_BODY_LIMIT_BYTES)) {
    return new Response(`Request body over ${API_BODY_LIMIT_BYTES} bytes`, { status: 413, headers: { "content-type": "text/plain", connection: "close" } });
  }
  if (isCrossOriginAction(request.method, request.headers, env().publicBaseUrl)) {
    return NextResponse.json({ error: "This form was sent from another site." }, { status: 403 });
  }
  if (isPublicPath(pathname)) return NextResponse.next();
  if (request.auth?.user) {
    // An agent reaches only their workspace (403 for APIs and actions, a redirect for pages); supervisors the rest.
    const role = request.auth.user.role;
    const decision = gateForRole(role, pathname, { api: isApiPath(pathname), action: request.headers.has("next-action") });
    if (decision.kind === "forbidden") return NextResponse.json({ error: decision.message }, { status: 403 });
    if (decision.kind === "redirect") return NextResponse.redirect(new URL(decision.to, request.nextUrl));
    return NextResponse.next();
  }
  if (isApiPath(pathname)) return NextResponse.json({ error: "Sign in as a supervisor first." }, { status: 401 });
  const login = new URL("/login", request.nextUrl);
  if (pathname !== "/") login.searchParams.set("callbackUrl", `${pathname}${search}`);
  return NextResponse.redirect(login);
}

export const proxy = auth((request) => applySecurityHeaders(gate(request), env(), dev));

export const config = {
  // Everything except Next's own static assets and public files with an extension.
  // Plivo webhooks (/ivr, /plivo), their audio (/audio), health, cron and the benchmark baseline never carry a
  // session: they skip the proxy entirely (each has its own check), which keeps the webhooks' hot path short. They
  // answer XML/JSON/audio that no browser renders as a page, so they need no CSP; next.config.ts still gives them
  // nosniff and the framing/referrer headers, and HSTS reaches browsers from every page they load.
  matcher: ["/((?!_next/static|_next/image|favicon.ico|ivr/|plivo/|audio/|bench/|api/health|api/cron/|.*\\.(?:png|jpg|svg|ico|webp|txt|wav|mp3)$).*)"],
};
