// QA: option 1 at the menu. The caller hears the recorded message and a goodbye in their language, the IVR hangs
// up, no agent is dialled and no rating is asked; the supervisor's history shows the call completed, unrated.
import { expect, test } from "./support/qa-test";

const CASES = [
  { language: "English", digit: "1", goodbye: "Thank you for calling. Goodbye.", rate: "Please rate your call" },
  { language: "Spanish", digit: "2", goodbye: "Gracias por llamar. Adiós.", rate: "Por favor califique su llamada" },
];

for (const c of CASES) {
  test(`${c.language} message path: message, goodbye, hang up, no rating`, async ({ openPhone, page }) => {
    const phone = await openPhone();
    await phone.call();
    await phone.press("language", c.digit);
    await phone.press("menu", "1");
    await phone.ended();

    await expect(phone.transcript).toContainText("♪ Recorded message");
    await expect(phone.spoken().last()).toHaveText(new RegExp(c.goodbye.replace(/\./g, "\\.")));
    await expect(phone.status).toHaveText(/Call ended — the IVR hung up/);
    await expect(phone.transcript).not.toContainText(c.rate);
    expect(await phone.dialled()).toEqual([]);
    // The last thing the phone listened for was the menu: no level 3 prompt ever came.
    await expect(phone.page.getByTestId("prompt-state")).toHaveAttribute("data-level", "");
    await expect(phone.page.getByTestId("prompt-state")).toHaveAttribute("data-listening", "false");

    await page.goto("/history");
    const row = page.getByTestId("history-row").filter({ hasText: phone.number });
    await expect(row).toContainText("Completed");
  });
}
