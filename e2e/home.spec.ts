import { expect, test } from "@playwright/test";

test("the home page lists the seeded agents and shows a live realtime connection", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Switchboard" })).toBeVisible();
  const rows = page.getByTestId("agent-row");
  await expect(rows).toHaveCount(8);
  await expect(page.getByText("Alice Johnson")).toBeVisible();
  await expect(page.getByText("María García")).toBeVisible();
  await expect(page.getByTestId("connection-indicator")).toHaveAttribute("data-state", "connected");
});
