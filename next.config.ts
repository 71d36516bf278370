import type { NextConfig } from "next";
import { EnvError, loadEnv, type Env } from "./lib/env";
import { securityHeaders } from "./lib/security-headers";

// Validate the environment when Next builds or starts, so a malformed variable stops it with a clear message.
let config: Env;
try {
  config = loadEnv(process.env);
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
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders(config, process.env.NODE_ENV !== "production") }];
  },
};

export default nextConfig;
