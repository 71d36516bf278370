// #18 on the browser phone: a supervisor closes the English line on the Hours page, a caller hears that it is
// closed, presses 1 and leaves a message (the simulator's <Record>); the message appears on the Voicemail page and
// its player loads the recording through our session route (200 for the supervisor, 401 without a session, never
// a Plivo or simulator URL in the page). The English line is opened again (24/7) whatever the outcome.
import { request as playwrightRequest, type Page } from "@playwright/test";
import { expect, test } from "./support/qa-test";

async function englishHours(page: Page, closedAllWeek: boolean) {
  await page.goto("/hours");
  const week = page.getByRole("form", { name: "Weekly hours (en)" });
  await week.getByLabel(/Use these hours/).setChecked(closedAllWeek);
  for (let d = 1; d <= 7; d++) await week.locator(`input[name="open-${d}"]`).setChecked(false);
  await week.getByRole("button", { name: "Save hours" }).click();
  await expect(week.getByRole("status")).toHaveText(closedAllWeek ? "Hours saved." : "Saved: open 24/7.");
}

test("a voicemail left after hours on the browser phone appears on the dashboard and plays", async ({ openPhone, page, baseURL }) => {
  await englishHours(page, true);
  try {
    await expect(page.getByTestId("hours-status-en")).toHaveText(/Closed/);

    const phone = await openPhone();
    await phone.call();
    await phone.press("language", "1");
    await phone.press("after-hours", "1");
    await phone.ended(30_000);
    await expect(phone.transcript).toContainText("Sorry, we are closed right now.");
    await expect(phone.transcript).toContainText("Beep — recording your message");
    await expect(phone.spoken().last()).toHaveText(/Thank you, we have your message/);
    expect(await phone.dialled()).toEqual([]);

    await page.goto("/voicemail");
    const row = page.getByTestId("voicemail-row").filter({ hasText: phone.number });
    await expect(row).toHaveCount(1);
    await expect(row).toContainText("new");
    const audio = row.locator("audio");
    const src = await audio.getAttribute("src");
    expect(src).toMatch(/^\/api\/voicemail\/[A-Za-z0-9_-]+\/audio$/);
    expect(await page.content()).not.toMatch(/simulator\/recordings|plivo\.com/);

    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith(src!)),
      audio.evaluate((a: HTMLAudioElement) => {
        a.preload = "auto";
        a.load();
      }),
    ]);
    expect([200, 206]).toContain(response.status());
    expect(response.headers()["content-type"]).toBe("audio/wav");
    // The browser decoded it: a playable recording of the simulated message's length.
    await expect.poll(() => audio.evaluate((a: HTMLAudioElement) => a.duration), { timeout: 10_000 }).toBeGreaterThan(0);

    // Explicitly empty: inside a test, a new request context would otherwise take the suite's signed-in storage state.
    const anonymous = await playwrightRequest.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
    const refused = await anonymous.get(src!);
    expect(refused.status()).toBe(401);
    expect(refused.headers()["content-type"]).toContain("application/json");
    await anonymous.dispose();

    await row.getByRole("button", { name: "Mark done" }).click();
    await expect(row).toContainText("done");
  } finally {
    await englishHours(page, false);
  }
});
