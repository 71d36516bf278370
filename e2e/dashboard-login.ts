// Shared e2e step: sign in as the seeded supervisor (local defaults from lib/env.ts).
import { expect, type Page } from "@playwright/test";

export const SUPERVISOR = {
  email: process.env.SUPERVISOR_EMAIL ?? "supervisor@example.com",
  password: process.env.SUPERVISOR_PASSWORD ?? "supervisor",
};

export async function signIn(page: Page, path = "/") {
  await page.goto(path);
  await expect(page).toHaveURL(/\/login/);
  await page.getByLabel("Email").fill(SUPERVISOR.email);
  await page.getByLabel("Password").fill(SUPERVISOR.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
}
