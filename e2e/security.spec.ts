// The hardened supervisor surface in a real browser against the production build: sign-out ends the same
// supervisor's session in another browser, headers come from the running server's environment, and refused or
// malformed requests are 4xx.
import { expect, test } from "@playwright/test";
import { signIn } from "./dashboard-login";

test("signing out in one browser ends the session in another: its pages go to /login, its APIs get 401", async ({ browser }) => {
  test.setTimeout(180_000); // two sign-ins with a deliberately slow password hash, on a shared 2-core machine
  const first = await browser.newContext();
  const second = await browser.newContext();
  const a = await first.newPage();
  const b = await second.newPage();
  await signIn(a, "/");
  await signIn(b, "/calls");
  expect((await b.request.get("/api/agent-stats")).status()).toBe(200);

  await a.getByRole("button", { name: "Sign out" }).click();
  await expect(a).toHaveURL(/\/login/);

  expect((await b.request.get("/api/agent-stats", { maxRedirects: 0 })).status()).toBe(401);
  await b.goto("/history");
  await expect(b).toHaveURL(/\/login/);
  await expect(b.getByRole("button", { name: "Sign in" })).toBeVisible();
  await first.close();
  await second.close();
});

test("CSP and HSTS are computed from the running server's environment", async ({ request }) => {
  const res = await request.get("/login");
  const csp = res.headers()["content-security-policy"] ?? "";
  // The Pusher port the server was STARTED with (E2E_PUSHER_PORT), not one frozen in at build time.
  expect(csp).toContain(`ws://127.0.0.1:${process.env.E2E_PUSHER_PORT ?? 6101}`);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(res.headers()["strict-transport-security"]).toBeUndefined(); // not a production environment
  expect(res.headers()["x-content-type-options"]).toBe("nosniff");
});

test("refused and malformed requests are 4xx, not 500", async ({ page, request }) => {
  // A server action posted from another site.
  const action = await request.post("/login", { headers: { "next-action": "0".repeat(40), origin: "https://evil.example" }, data: "[]" });
  expect(action.status()).toBe(403);
  // A body over the budget, to a webhook (before the signature is even checked) and to an API.
  const big = Buffer.alloc(2 * 1024 * 1024, 0x61);
  expect((await request.post("/ivr/start", { headers: { "content-type": "application/x-www-form-urlencoded" }, data: big })).status()).toBe(413);
  expect((await request.post("/api/pusher/auth", { headers: { "content-type": "application/x-www-form-urlencoded" }, data: big })).status()).toBe(413);
  // A newline in callbackUrl: signing in lands on the board instead of a 500.
  await page.goto("/login?callbackUrl=%2Fcalls%0D%0ASet-Cookie%3A%20x%3D1");
  await page.getByLabel("Email").fill(process.env.SUPERVISOR_EMAIL ?? "supervisor@example.com");
  await page.getByLabel("Password").fill(process.env.SUPERVISOR_PASSWORD ?? "supervisor");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  expect(new URL(page.url()).pathname).toBe("/");
  // Pusher channel auth with a JSON body.
  const json = await page.request.post("/api/pusher/auth", { data: { socket_id: "1.1", channel_name: "private-floor" } });
  expect(json.status()).toBe(415);
});
