// QA: wrong keys and silence at each IVR level, through the browser phone. Every failure is explained and the
// question asked again; the third failure at a level says goodbye and the IVR hangs up (never dead air, never an
// error). Level 3 (rating) is after an agent call: silence there is a choice not to rate.
import type { Phone } from "./support/phone";
import { expect, test } from "./support/qa-test";

const NOT_VALID = "♪ “That is not a valid option”";
const NO_INPUT_EN = "Sorry, we did not get a valid selection.";

async function endsPolitely(phone: Phone, goodbye: string) {
  await phone.ended();
  await expect(phone.spoken().last()).toContainText(goodbye);
  await expect(phone.status).toHaveText(/Call ended — the IVR hung up/);
  await expect(phone.transcript.locator('[data-kind="error"]')).toHaveCount(0);
}

test("level 1 (language): wrong key, silence, wrong key -> goodbye in both languages", async ({ openPhone }) => {
  const phone = await openPhone();
  await phone.call();

  await phone.press("language", "9");
  await expect(phone.transcript.locator("li").filter({ hasText: "You entered 9" })).toContainText("not a valid option");
  await expect(phone.transcript).toContainText(NOT_VALID);
  await phone.stayQuiet("language"); // asked again: the second prompt of level 1
  await expect(phone.transcript).toContainText(NO_INPUT_EN);
  await expect(phone.transcript).toContainText("Lo sentimos, no recibimos una selección válida.");
  await phone.press("language", "5");

  await endsPolitely(phone, "No pudimos obtener una selección válida. Por favor llame más tarde. Adiós.");
  await expect(phone.transcript).toContainText("We could not get a valid selection. Please call again later. Goodbye.");
});

test("level 2 (menu): silence, wrong key, silence -> goodbye", async ({ openPhone }) => {
  const phone = await openPhone();
  await phone.call();
  await phone.press("language", "1");

  await phone.stayQuiet("menu");
  await expect(phone.transcript).toContainText(NO_INPUT_EN);
  await phone.press("menu", "0");
  await expect(phone.transcript).toContainText("♪ “That is not a valid option”");
  await phone.stayQuiet("menu");

  await endsPolitely(phone, "We could not get a valid selection. Please call again later. Goodbye.");
  expect(await phone.dialled()).toEqual([]);
});

test.describe("level 3 (rating)", () => {
  test.beforeEach(async ({ floor }) => {
    await floor.clear(["en"]);
    await floor.addAgent({ name: "Rater", languages: ["en"] });
  });

  test("silence: thanked, no rating stored, call ended", async ({ openPhone, page }) => {
    const phone = await openPhone({ agent: { kind: "answer", after: 0, talk: 2 } });
    await phone.call();
    await phone.press("language", "1");
    await phone.press("menu", "2");
    await phone.stayQuiet("rating");
    await endsPolitely(phone, "Thank you for calling. Goodbye.");

    await page.goto("/history");
    const row = page.getByTestId("history-row").filter({ hasText: phone.number });
    await expect(row).toContainText("Completed");
    await row.getByRole("link").first().click();
    await expect(page.getByTestId("call-timeline")).not.toContainText("Feedback Rating");
  });

  test("wrong keys are explained and asked again; the third says goodbye", async ({ openPhone }) => {
    const phone = await openPhone({ agent: { kind: "answer", after: 0, talk: 2 } });
    await phone.call();
    await phone.press("language", "1");
    await phone.press("menu", "2");

    await phone.press("rating", "9");
    await phone.press("rating", "0");
    await phone.press("rating", "7");
    await endsPolitely(phone, "Thank you for calling. Goodbye.");
    await expect(phone.transcript).toContainText("That is not a valid option.");
  });
});
