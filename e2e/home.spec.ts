import { expect, test } from "@playwright/test";
import { signIn } from "./dashboard-login";

test("after sign-in the home page is the agent board: seeded agents and a live realtime connection", async ({ page }) => {
  await signIn(page);
  await expect(page.getByRole("heading", { name: "Agent board" })).toBeVisible();
  const english = page.getByTestId("board-en");
  const spanish = page.getByTestId("board-es");
  // 6 seeded agents speak English, 4 speak Spanish (Daniel and Lucía speak both).
  await expect(english.getByTestId("agent-row")).toHaveCount(6);
  await expect(spanish.getByTestId("agent-row")).toHaveCount(4);
  await expect(english.getByTestId("agent-row").filter({ hasText: "Alice Johnson" })).toBeVisible();
  await expect(spanish.getByTestId("agent-row").filter({ hasText: "María García" })).toBeVisible();
  await expect(page.getByTestId("connection-indicator")).toHaveAttribute("data-state", "connected");
});
