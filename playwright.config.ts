// End-to-end suite: a production build on embedded defaults (its own SQLite file and ports), driven by Debian's
// chromium (Playwright's own browser download is not reachable here).
import { defineConfig, devices } from "@playwright/test";

const PORT = Number(process.env.E2E_PORT ?? 3100);
const PUSHER_PORT = Number(process.env.E2E_PUSHER_PORT ?? 6101);
export const E2E_BASE_URL = `http://localhost:${PORT}`;
/** A second server instance on the same database and Pusher server: its own process, so its own routing heap cache.
 * e2e/qa-concurrency.spec.ts sends one caller through each, so their claims on the same best agent really contend. */
export const E2E_SECOND_PORT = PORT + 1;
export const E2E_SECOND_BASE_URL = `http://localhost:${E2E_SECOND_PORT}`;
export const E2E_PUSHER_SECRET = "e2e-pusher-secret-7f3a9c";

export default defineConfig({
  testDir: "./e2e",
  // Per-port folders when a second suite runs beside the default one, so neither clears the other's files.
  outputDir: PORT === 3100 ? "./test-results" : `./test-results-${PORT}`,
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"], ["html", { outputFolder: PORT === 3100 ? "playwright-report" : `playwright-report-${PORT}`, open: "never" }]],
  use: {
    baseURL: E2E_BASE_URL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"] } }],
  webServer: [
    {
      // A fresh database each run: the suite never touches the developer's prisma/dev.db.
      // E2E_DATABASE_URL runs the same suite against PostgreSQL (scripts/test-postgres.mts); E2E_NO_BUILD reuses a build.
      command: `rm -f .data/e2e-${PORT}.db* && npm run local -- --prod${process.env.E2E_NO_BUILD ? " --no-build" : ""}`,
      url: `${E2E_BASE_URL}/api/health`,
      // A production build runs first: 3-5 min on 2 shared cores as the app has grown.
      timeout: 600_000,
      reuseExistingServer: !process.env.CI,
      stdout: "pipe",
      env: serverEnv(PORT, E2E_BASE_URL),
    },
    {
      // Started after the first (Playwright sets servers up in order): the same build, database and Pusher server,
      // so plain `next start` (the first server's start-up already migrated and seeded the database).
      command: `node_modules/.bin/next start --port ${E2E_SECOND_PORT} --hostname 127.0.0.1`,
      url: `${E2E_SECOND_BASE_URL}/api/health`,
      timeout: 120_000,
      reuseExistingServer: !process.env.CI,
      stdout: "pipe",
      env: serverEnv(E2E_SECOND_PORT, E2E_SECOND_BASE_URL),
    },
  ],
});

function serverEnv(port: number, baseUrl: string): Record<string, string> {
  return {
    DATABASE_URL: process.env.E2E_DATABASE_URL ?? `file:./.data/e2e-${PORT}.db`,
    PORT: String(port),
    PUBLIC_BASE_URL: baseUrl,
    PUSHER_PORT: String(PUSHER_PORT),
    // Distinctive secret values, so e2e/no-secrets.spec.ts can prove none reaches the browser.
    PUSHER_SECRET: E2E_PUSHER_SECRET,
    NEXT_TELEMETRY_DISABLED: "1",
    // Short after-call work so the QA specs' agents come back quickly; e2e/agent-workspace.spec.ts ends it by Ready.
    AGENT_WRAP_UP_SECONDS: "3",
    // The QA specs (e2e/qa-rating.spec.ts) compute expected board ranks with the seed's formula and weights.
    ROUTING_WEIGHT_RATING: "5",
    ROUTING_WEIGHT_EXPLORATION: "0",
  };
}
