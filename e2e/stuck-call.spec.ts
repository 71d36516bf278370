// Supervisor controls (#14): a call stuck with its agent is ended from Live calls with a reason; the agent is free
// again and the call's timeline says who ended it and why.
import { expect, test } from "@playwright/test";
import { WebhookCaller } from "../tests/support/webhook-caller";
import { E2E_BASE_URL } from "../playwright.config";
import { signIn } from "./dashboard-login";

const PLIVO_AUTH_TOKEN = "local-plivo-auth-token";

test("a supervisor ends a stuck call: the agent is released and the timeline records who and why", async ({ page }) => {
  await signIn(page, "/calls");
  const from = `+1202556${String(Date.now()).slice(-4)}`;
  const caller = new WebhookCaller(E2E_BASE_URL, PLIVO_AUTH_TOKEN, { callUuid: `e2e-stuck-${Date.now()}`, from });
  await caller.answer();
  await caller.press("1");
  await caller.press("2");
  await caller.agentAnswers(); // then the hangup never comes: the call is stuck with its agent

  const row = page.getByTestId("live-call").filter({ hasText: from });
  await expect(row).toBeVisible({ timeout: 5_000 });
  // The row can first show an earlier state of the call (no agent yet, "—"): wait for the live page to catch up.
  await expect(row.getByTestId("call-agent")).not.toHaveText(/^\s*—?\s*$/, { timeout: 5_000 });
  const agentName = (await row.getByTestId("call-agent").textContent())?.trim() ?? "";
  const historyHref = await row.getByRole("link").first().getAttribute("href");
  await row.getByLabel("Reason to end call").fill("caller line dead");
  await row.getByRole("button", { name: "End call" }).click();
  await expect(page.getByTestId("live-call").filter({ hasText: from })).toHaveCount(0, { timeout: 5_000 });

  const stats = (await (await page.request.get("/api/agent-stats")).json()) as { agents: Array<{ name: string; status: string }> };
  // Never left BUSY: free again, through after-call work since they had answered (#17's wrap-up).
  expect(stats.agents.find((a) => a.name === agentName)?.status).toMatch(/^(AVAILABLE|WRAP_UP)$/);

  await page.goto(historyHref!);
  await expect(page.getByText("closed by supervisor@example.com: caller line dead")).toBeVisible();
  await expect(page.getByText(/by: supervisor@example\.com/)).toBeVisible();
});
