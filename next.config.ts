import type { NextConfig } from "next";
import { EnvError, loadEnv } from "./lib/env";
import { API_BODY_LIMIT_BYTES } from "./lib/http/body-limits";
import { STATIC_SECURITY_HEADERS } from "./lib/security-headers";

// Validate the environment when Next builds or starts, so a malformed variable stops it with a clear message.
try {
  loadEnv(process.env);
} catch (err) {
  if (err instanceof EnvError) {
    console.error(err.message);
    process.exit(1);
  }
  throw err;
}

const nextConfig: NextConfig = {
  // A separate build folder lets several builds (e.g. parallel e2e runs on other ports) coexist.
  distDir: process.env.NEXT_DIST_DIR ?? ".next",
  reactStrictMode: true,
  poweredByHeader: false,
  // Types are checked by `npm run typecheck` (tsc --noEmit, part of `npm test` and the Vercel build command); a second
  // check inside next build only costs time and rewrites tsconfig.json for every custom distDir.
  typescript: { ignoreBuildErrors: true },
  serverExternalPackages: ["pino", "plivo", "pusher", "better-sqlite3", "@prisma/adapter-better-sqlite3", "pg", "@prisma/adapter-pg"],
  experimental: {
    // Dashboard forms are small: refuse bigger action bodies (413) and buffer no more for the proxy.
    serverActions: { bodySizeLimit: API_BODY_LIMIT_BYTES },
    proxyClientMaxBodySize: API_BODY_LIMIT_BYTES,
  },
  // Only the headers that never depend on the environment are fixed at build time; the CSP (Pusher host) and HSTS
  // (production) are set per request by proxy.ts from the runtime environment (lib/security-headers.ts).
  async headers() {
    return [{ source: "/:path*", headers: STATIC_SECURITY_HEADERS }];
  },
};

export default nextConfig;
