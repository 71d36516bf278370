// Signals sent before the live page's channel is subscribed never reach it: the page re-reads its state as soon as
// the subscription succeeds. Here the browser's Pusher connection is held (Playwright's WebSocket routing) while a
// caller reaches an agent, so every signal of that call is sent before the page listens; no later signal comes.
import { expect, test } from "@playwright/test";
import { WebhookCaller } from "../tests/support/webhook-caller";
import { E2E_BASE_URL } from "../playwright.config";
import { signIn } from "./dashboard-login";

const PLIVO_AUTH_TOKEN = "local-plivo-auth-token";

test("a call that reached its agent while the live page was still connecting shows once it connects", async ({ page }) => {
  let release: () => void = () => undefined;
  const held = new Promise<void>((ok) => (release = ok));
  await page.routeWebSocket(
    (url) => url.pathname.startsWith("/app/"),
    (ws) => {
      const server = ws.connectToServer();
      // Nothing from the server reaches the page (not even connection_established) until released: the page cannot
      // subscribe before then.
      server.onMessage((message) => void held.then(() => ws.send(message)));
    },
  );
  await signIn(page, "/calls");
  const indicator = page.getByTestId("connection-indicator");
  await expect(indicator).toHaveAttribute("data-state", "connecting");

  const from = `+1202557${String(Date.now()).slice(-4)}`;
  const caller = new WebhookCaller(E2E_BASE_URL, PLIVO_AUTH_TOKEN, { callUuid: `e2e-missed-${Date.now()}`, from });
  await caller.answer();
  await caller.press("1");
  await caller.press("2");
  await caller.agentAnswers();
  const row = page.getByTestId("live-call").filter({ hasText: from });
  await expect(row).toHaveCount(0); // rendered before the call began, and no signal has arrived

  release();
  await expect(indicator).toHaveAttribute("data-state", "connected");
  await expect(row).toBeVisible({ timeout: 5_000 });
  await expect(row.getByTestId("call-agent")).not.toHaveText(/^\s*—?\s*$/, { timeout: 5_000 });
  await caller.hangup(5);
});
