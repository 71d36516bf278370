// The supervisor dashboard end to end: login gate, a call driven through the signed IVR webhooks showing up live
// (no reload) on Live calls and the board, a rating moving the agent's score, and start-a-call validation.
import { expect, test, type Page } from "@playwright/test";
import { WebhookCaller } from "../tests/support/webhook-caller";
import { E2E_BASE_URL } from "../playwright.config";
import { signIn } from "./dashboard-login";
import { screenshotPath } from "./support/screenshots";

// The e2e server runs on local defaults: this is the PLIVO_AUTH_TOKEN its webhooks verify against.
const PLIVO_AUTH_TOKEN = "local-plivo-auth-token";
// Realtime budget the UI must meet: a change is visible within about a second or two, without a reload.
const LIVE = { timeout: 2_500 };

async function markPage(page: Page) {
  await page.evaluate(() => Object.assign(window, { __noReload: true }));
}
async function expectNotReloaded(page: Page) {
  expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
}

test.describe("without a session", () => {
  test("pages send you to the login page and APIs answer 401", async ({ page, request }) => {
    await page.goto("/calls");
    await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fcalls/);
    await expect(page.getByRole("heading", { name: "Switchboard" })).toBeVisible();
    await page.screenshot({ path: screenshotPath("login.png") });

    for (const path of ["/api/agent-stats", "/api/call-history"]) {
      const res = await request.get(path, { maxRedirects: 0 });
      expect(res.status(), path).toBe(401);
    }
    const pusherAuth = await request.post("/api/pusher/auth", { form: { socket_id: "1.1", channel_name: "private-floor" }, maxRedirects: 0 });
    expect(pusherAuth.status()).toBe(401);
    // The unauthenticated exceptions stay open.
    expect((await request.get("/api/health")).status()).toBe(200);
  });

  test("a wrong password is refused with a clear message", async ({ page }) => {
    await page.goto("/login");
    await page.getByLabel("Email").fill("supervisor@example.com");
    await page.getByLabel("Password").fill("not-the-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByTestId("login-error")).toHaveText(/do not match/);
    await expect(page).toHaveURL(/\/login/);
  });
});

test("a webhook-driven call appears live, makes its agent busy, and its rating moves the agent's score", async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
  const calls = await context.newPage();
  await signIn(calls, "/calls");
  await expect(calls.getByRole("heading", { name: "Live calls" })).toBeVisible();
  const board = await context.newPage();
  await board.goto("/");
  for (const p of [calls, board]) {
    await expect(p.getByTestId("connection-indicator")).toHaveAttribute("data-state", "connected");
    await markPage(p);
  }

  const from = `+1202555${String(Date.now()).slice(-4)}`;
  const caller = new WebhookCaller(E2E_BASE_URL, PLIVO_AUTH_TOKEN, { callUuid: `e2e-${Date.now()}`, from });

  // Level 1: the call is on the floor.
  await caller.answer();
  const row = calls.getByTestId("live-call").filter({ hasText: from });
  await expect(row).toBeVisible(LIVE);
  await expect(row.getByTestId("call-step")).toHaveText("Language", LIVE);

  // English, then "talk to an agent": routing claims the next-up agent.
  await caller.press("1");
  await expect(row.getByTestId("call-step")).toHaveText("Menu", LIVE);
  await caller.press("2");
  expect(caller.dialing).toBe(true);
  const agentPhone = /<Number[^>]*>([^<]+)<\/Number>/.exec(caller.xml)?.[1];
  expect(agentPhone).toBeTruthy();
  const stats = (await (await calls.request.get("/api/agent-stats")).json()) as { agents: Array<{ id: string; name: string; phone: string }> };
  const agent = stats.agents.find((a) => a.phone === agentPhone)!;
  expect(agent).toBeTruthy();

  await expect(row.getByTestId("call-agent")).toHaveText(agent.name, LIVE);
  const decision = calls.getByTestId("routing-decision").filter({ hasText: from });
  await expect(decision).toContainText(agent.name, LIVE);

  const agentRow = board.getByTestId("board-en").locator(`[data-agent-id="${agent.id}"]`);
  await expect(agentRow.getByTestId("agent-status")).toHaveText("Busy", LIVE);

  await caller.agentAnswers();
  await expect(row.getByTestId("call-step")).toHaveText("Agent", LIVE);
  await expect(row.locator('[data-status="CONNECTED"]')).toBeVisible(LIVE);
  await expect(decision.getByText("✓ chosen")).toBeVisible();
  await calls.screenshot({ path: screenshotPath("live-calls.png"), fullPage: true });
  await board.screenshot({ path: screenshotPath("board.png"), fullPage: true });

  // The agent leg ends after 95 s of talk: after-call work (the e2e server's 3 s wrap-up), then free again, while
  // the caller is asked for a rating.
  await caller.dialEnds(95);
  await expect(agentRow.getByTestId("agent-status")).toHaveText("Wrap Up", LIVE);
  await expect(agentRow.getByTestId("agent-status")).toHaveText("Available", { timeout: 3_000 + LIVE.timeout });
  const scoreBefore = (await agentRow.getByTestId("agent-score").textContent())?.trim();
  expect(scoreBefore).toMatch(/^-?\d+\.\d\d$/);
  const ratingsBefore = await agentRow.getByTestId("score-terms").textContent();

  // A "poor" rating (1 of 4) lowers the agent's average rating, which raises (worsens) the score.
  await caller.press("1");
  await expect(agentRow.getByTestId("score-terms")).not.toHaveText(ratingsBefore ?? "", LIVE);
  await expect(agentRow.getByTestId("agent-score")).not.toHaveText(scoreBefore!, LIVE);
  const scoreAfter = Number((await agentRow.getByTestId("agent-score").textContent())?.trim());
  expect(scoreAfter).toBeGreaterThan(Number(scoreBefore));

  await caller.hangup(130);
  await expect(row).toHaveCount(0, LIVE);
  for (const p of [calls, board]) await expectNotReloaded(p);

  // History has the call with its timeline.
  await calls.goto("/history");
  const historyRow = calls.getByTestId("history-row").filter({ hasText: from });
  await expect(historyRow).toContainText(agent.name);
  await expect(historyRow).toContainText("Completed");
  await calls.screenshot({ path: screenshotPath("history.png"), fullPage: true });
  await historyRow.getByRole("link").first().click();
  const timeline = calls.getByTestId("call-timeline");
  await expect(timeline).toContainText("Feedback Rating");
  await calls.screenshot({ path: screenshotPath("call-detail.png"), fullPage: true });

  await calls.goto("/analytics");
  await expect(calls.getByTestId("analytics-charts")).toBeVisible();
  await expect(calls.getByRole("region", { name: "CSAT by language" }).getByRole("application")).toBeVisible();
  await calls.screenshot({ path: screenshotPath("analytics.png"), fullPage: true });
  await context.close();
});

test("start a call: a bad number gets a field error and places nothing", async ({ page }) => {
  await signIn(page, "/start-call");
  const before = (await (await page.request.get("/api/call-history?pageSize=1")).json()) as { total: number };

  await page.getByLabel("Phone number to call").fill("555-0100");
  await page.getByRole("button", { name: /Call with the simulator|Call through Plivo/ }).click();
  const field = page.getByLabel("Phone number to call");
  await expect(field).toHaveAttribute("aria-invalid", "true");
  await expect(page.locator("#call-to-error")).toHaveText(/not a valid phone number.*international format/);
  await expect(page.getByTestId("start-call-message")).toHaveText(/was not placed/);
  await page.screenshot({ path: screenshotPath("start-call.png"), fullPage: true });
  await expect(page).toHaveURL(/\/start-call$/);
  const after = (await (await page.request.get("/api/call-history?pageSize=1")).json()) as { total: number };
  expect(after.total).toBe(before.total);

  // A valid number goes to the simulator's phone (no Plivo credentials on the e2e server).
  await field.fill("+1 415 555 0142");
  await page.getByRole("button", { name: "Call with the simulator" }).click();
  await expect(page).toHaveURL(/\/phone\?to=%2B14155550142/);
});

test("call history API validates its query", async ({ page }) => {
  await signIn(page, "/history");
  const bad = await page.request.get("/api/call-history?page=0&rating=9&status=NOPE");
  expect(bad.status()).toBe(400);
  const body = (await bad.json()) as { issues: Array<{ param: string }> };
  expect(body.issues.map((i) => i.param).sort()).toEqual(["page", "rating", "status"]);
  const ok = await page.request.get("/api/call-history?page=1&pageSize=5&language=en");
  expect(ok.status()).toBe(200);
  expect(await ok.json()).toMatchObject({ page: 1, pageSize: 5 });
});

test("agents: a bad phone number is refused in the form; a new agent joins the board of their language", async ({ page }) => {
  await signIn(page, "/agents/new");
  await page.getByLabel("Name").fill("Priya Natarajan");
  await page.getByLabel("Phone (E.164)").fill("415-555");
  await page.getByLabel("Español").check();
  await page.getByRole("button", { name: "Add agent" }).click();
  await expect(page.getByLabel("Phone (E.164)")).toHaveAttribute("aria-invalid", "true");
  await expect(page.locator("#agent-phone-error")).toHaveText(/not a valid phone number/);

  await page.getByLabel("Phone (E.164)").fill("+34 612 345 678");
  await page.getByRole("button", { name: "Add agent" }).click();
  await expect(page).toHaveURL(/\/agents\?saved=/);
  await expect(page.getByTestId("manage-agent-row").filter({ hasText: "Priya Natarajan" })).toContainText("+34612345678");
  await page.screenshot({ path: screenshotPath("agents.png"), fullPage: true });

  await page.goto("/");
  await expect(page.getByTestId("board-es").getByTestId("agent-row").filter({ hasText: "Priya Natarajan" })).toBeVisible();
  await expect(page.getByTestId("board-en").getByTestId("agent-row").filter({ hasText: "Priya Natarajan" })).toHaveCount(0);

  // Removing her (after confirming) takes her off the floor again.
  await page.goto("/agents");
  page.once("dialog", (dialog) => void dialog.accept());
  await page.getByRole("button", { name: "Remove Priya Natarajan" }).click();
  await expect(page.getByTestId("manage-agent-row").filter({ hasText: "Priya Natarajan" })).toHaveCount(0);
});
