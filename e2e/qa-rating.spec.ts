// QA: a caller reaches an agent through the browser phone and rates the call; the supervisor sees the agent's
// priority move on the live board (score = recent calls × w1 + avg duration (min) × w2 − avg rating × w3, lower first,
// with the configured ROUTING_WEIGHT_* values).
// Each language gets two QA agents: "Ada" (fresh, takes the call) and "Benchmark" (a past long call, no ratings),
// whose score is set to fall between Ada's score after the call and after the rating, so the rating alone decides
// who is next up: a 4 moves Ada above Benchmark, a 1 moves her below.
import { boardRow, openBoard, scoreOf } from "./support/board";
import { expect, test } from "./support/qa-test";
import { screenshotPath } from "./support/screenshots";
import { routingConfig, score, shownRating } from "./support/weights";

// Long enough that the phone is still on the agent leg when the board has shown her busy, on a loaded machine.
const ADA_TALK_SECONDS = 20;

/**
 * Benchmark's past call length, chosen so its score lies halfway between Ada's after the call (one recent call, no
 * rating: the prior) and Ada's after the rating, with the configured weights: the rating alone decides the order.
 */
function benchmarkTalkSeconds(rating: number) {
  const prior = shownRating(0, 0);
  const before = score(1, ADA_TALK_SECONDS, prior);
  const after = score(1, ADA_TALK_SECONDS, shownRating(rating, 1));
  const benchmarkNoDuration = score(0, 0, prior);
  return Math.round((60 * ((before + after) / 2 - benchmarkNoDuration)) / routingConfig().weightDurationMinutes);
}

const CASES = [
  {
    title: "English caller rates 4: the agent's priority improves",
    code: "en",
    digit: "1",
    rating: "4",
    thanks: "You rated this call excellent. Thank you for your feedback. Goodbye.",
    rankBeforeRating: "2",
    rankAfterRating: "1",
    screenshot: screenshotPath("phone.png"),
  },
  {
    title: "Spanish caller rates 1: the agent's priority drops",
    code: "es",
    digit: "2",
    rating: "1",
    thanks: "Usted calificó esta llamada como mala. Gracias por su opinión. Adiós.",
    rankBeforeRating: "1",
    rankAfterRating: "2",
    screenshot: null,
  },
] as const;

for (const c of CASES) {
  test(c.title, async ({ floor, page: board, openPhone }) => {
    await floor.clear([c.code]);
    const ada = await floor.addAgent({ name: "Ada", languages: [c.code] });
    const bench = await floor.addAgent({ name: "Benchmark", languages: [c.code], pastTalkSeconds: benchmarkTalkSeconds(Number(c.rating)) });
    await openBoard(board);
    const a = boardRow(board, c.code, ada.id);
    const b = boardRow(board, c.code, bench.id);
    await expect(a.rank).toHaveText("1");
    await expect(b.rank).toHaveText("2");
    await expect(a.terms).toContainText(`${shownRating(0, 0).toFixed(2)} (0)`);

    const phone = await openPhone({ agent: { kind: "answer", after: 1, talk: ADA_TALK_SECONDS } });
    await phone.call();
    await phone.press("language", c.digit);
    await phone.press("menu", "2");

    // Routing took the next-up agent; the board shows her busy without a reload.
    await expect(phone.transcript).toContainText(`Connecting to an agent (${ada.phone})`);
    await expect(a.status).toHaveText("Busy");
    await expect(phone.transcript).toContainText("Agent answered");
    await expect(phone.step).toHaveText("agent");
    if (c.screenshot) await phone.page.screenshot({ path: c.screenshot, fullPage: true });

    // The agent hung up: Ada goes into after-call work; the supervisor ends it from the board (as her own Ready
    // would), so she is available again with one recent call and no rating yet while the caller is still being asked.
    await expect(a.status).toHaveText(/Wrap Up|Available/);
    if ((await a.status.textContent())?.includes("Wrap Up")) await a.row.locator('select[name="status"]').selectOption("AVAILABLE");
    await expect(a.status).toHaveText("Available");
    await expect(a.terms).toContainText(/recent\s*1/);
    await expect(a.terms).toContainText(`${shownRating(0, 0).toFixed(2)} (0)`);
    await expect(a.rank).toHaveText(c.rankBeforeRating);
    const before = await scoreOf(a.score);

    await phone.press("rating", c.rating);
    await phone.ended();
    await expect(phone.spoken().last()).toContainText(c.thanks);

    await expect(a.terms).toContainText(`${shownRating(Number(c.rating), 1).toFixed(2)} (1)`);
    await expect(a.rank).toHaveText(c.rankAfterRating);
    const after = await scoreOf(a.score);
    if (c.rating === "4") expect(after, "a 4 lowers (improves) the score").toBeLessThan(before);
    else expect(after, "a 1 raises (worsens) the score").toBeGreaterThan(before);
    const nextUp = c.rankAfterRating === "1" ? ada.name : bench.name;
    await expect(board.getByTestId(`board-${c.code}`).getByTestId("next-up")).toContainText(nextUp);
  });
}
