// The agent board as a supervisor reads it: one row per agent per language, with the heap rank (#), status, score
// and its terms.
import { expect, type Locator, type Page } from "@playwright/test";

export async function openBoard(page: Page) {
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Agent board" })).toBeVisible();
  await expect(page.getByTestId("connection-indicator")).toHaveAttribute("data-state", "connected");
}

export function boardRow(page: Page, language: string, agentId: string) {
  const row = page.getByTestId(`board-${language}`).locator(`[data-agent-id="${agentId}"]`);
  return {
    row,
    rank: row.locator("td").first() as Locator,
    status: row.getByTestId("agent-status"),
    score: row.getByTestId("agent-score"),
    terms: row.getByTestId("score-terms"),
  };
}

export async function scoreOf(score: Locator): Promise<number> {
  const text = (await score.textContent())?.trim() ?? "";
  expect(text, "a score with two decimals").toMatch(/^-?\d+\.\d\d$/);
  return Number(text);
}
