// #18 queued callback, end to end in the browser: a caller on the browser phone asks to be called back instead of
// holding, the live page shows the callback pending, the agent frees up, the browser phone rings back, and the
// call is a normal agent call that ends with a rating.
import { expect, test } from "./support/qa-test";

test("a caller asks for a callback, sees it pending, and is rung back when the agent frees up", async ({ floor, page: supervisor, openPhone, newDesk }) => {
  test.setTimeout(120_000);
  await floor.clear(["en"]);
  const solo = await floor.addAgent({ name: "Solo Callback", languages: ["en"] });

  // Caller A takes the only English agent.
  const a = await openPhone({ agent: { kind: "answer", after: 0, talk: 600 } });
  await a.call();
  await a.press("language", "1");
  await a.press("menu", "2");
  await expect(a.transcript).toContainText(`Connecting to an agent (${solo.phone})`);
  await expect(a.transcript).toContainText("Agent answered");

  // Caller B holds: position, estimated wait, the callback offer; presses 1.
  const desk = await newDesk();
  const b = await openPhone({ page: await desk.newPage(), agent: { kind: "answer", after: 0, talk: 3 } });
  await b.call();
  await b.press("language", "1");
  await b.press("menu", "2");
  await expect(b.transcript).toContainText("You are number 1 in line");
  await expect(b.transcript).toContainText("Your estimated wait is");
  await b.press("queue", "1");
  await expect(b.transcript).toContainText("We will call you back at this number when it is your turn");
  await b.ended();

  // The supervisor sees it pending.
  await supervisor.goto("/calls");
  const row = supervisor.getByTestId("callback").filter({ hasText: b.number });
  await expect(row.getByTestId("callback-status")).toHaveText("Pending");

  // A hangs up: after the agent's short wrap-up the dispatcher calls B back; B's browser phone rings.
  await a.hangUp();
  const ringing = b.page.getByTestId("incoming-callback");
  await expect(ringing).toBeVisible({ timeout: 45_000 });
  await b.page.getByRole("button", { name: "Answer callback" }).click();
  await expect(b.transcript).toContainText("this is the callback you asked for");
  await expect(b.transcript).toContainText(`Connecting to an agent (${solo.phone})`);
  await expect(b.transcript).toContainText("Agent answered");
  await b.press("rating", "4");
  await expect(b.transcript).toContainText("You rated this call excellent");
  await b.ended();

  // Served: no longer open on the live page.
  await supervisor.reload();
  await expect(supervisor.getByTestId("callback").filter({ hasText: b.number })).toHaveCount(0);
});
