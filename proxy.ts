// Next 16 proxy (the renamed middleware): the first gate in front of every page, server action and JSON API.
// Pages without a session go to /login (and come back afterwards); APIs get a 401 JSON body. Pages, actions and
// APIs check the session again themselves, so a matcher mistake here cannot open a route.
import NextAuth from "next-auth";
import { NextResponse } from "next/server";
import { authConfig } from "./auth.config";
import { isApiPath, isPublicPath } from "./lib/auth/public-paths";
import { gateForRole } from "./lib/agent-auth/roles";

const { auth } = NextAuth(authConfig);

export const proxy = auth((request) => {
  const { pathname, search } = request.nextUrl;
  if (isPublicPath(pathname)) {
    // A signed-in supervisor has nothing to do on the login page.
    if (pathname === "/login" && request.auth?.user) return NextResponse.redirect(new URL("/", request.nextUrl));
    return NextResponse.next();
  }
  if (request.auth?.user) {
    const gate = gateForRole(request.auth.user.role, pathname, { api: isApiPath(pathname), action: request.headers.has("next-action") });
    if (gate.kind === "forbidden") return NextResponse.json({ error: gate.message }, { status: 403 });
    if (gate.kind === "redirect") return NextResponse.redirect(new URL(gate.to, request.nextUrl));
    return NextResponse.next();
  }
  if (isApiPath(pathname)) return NextResponse.json({ error: "Sign in as a supervisor first." }, { status: 401 });
  const login = new URL("/login", request.nextUrl);
  if (pathname !== "/") login.searchParams.set("callbackUrl", `${pathname}${search}`);
  return NextResponse.redirect(login);
});

export const config = {
  // Everything except Next's own static assets and public files with an extension.
  // Plivo webhooks (/ivr, /plivo), their audio (/audio), health, cron and the benchmark baseline never carry a
  // session: they skip the proxy entirely (each has its own check), which keeps the webhooks' hot path short.
  matcher: ["/((?!_next/static|_next/image|favicon.ico|ivr/|plivo/|audio/|bench/|api/health|api/cron/|.*\\.(?:png|jpg|svg|ico|webp|txt|wav|mp3)$).*)"],
};
