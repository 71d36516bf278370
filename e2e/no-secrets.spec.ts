// No secret may reach a browser: grep every file of the production client build and the served HTML.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { expect, test } from "@playwright/test";
import { E2E_PUSHER_SECRET } from "../playwright.config";

const SECRETS = [
  E2E_PUSHER_SECRET, // PUSHER_SECRET of the e2e server
  "local-plivo-auth-token", // PLIVO_AUTH_TOKEN (local default)
  "local-development-auth-secret-not-for-production", // AUTH_SECRET (local default)
];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

test("the client build and served pages contain no server secret", async ({ request }) => {
  const staticDir = resolve(process.env.NEXT_DIST_DIR ?? ".next", "static");
  const all = files(staticDir);
  expect(all.some((f) => f.endsWith(".js"))).toBe(true);
  for (const file of all) {
    const text = readFileSync(file, "utf8");
    for (const secret of SECRETS) expect(text.includes(secret), `${secret} found in ${file}`).toBe(false);
  }
  for (const path of ["/", "/login"]) {
    const html = await (await request.get(path)).text();
    for (const secret of SECRETS) expect(html).not.toContain(secret);
  }
});
