// QA: every agent of the caller's language is busy. The caller is queued and told their place in line, the
// supervisor sees them waiting, and when the agent frees up the queued caller is put through to that agent.
import { boardRow, openBoard } from "./support/board";
import { expect, test } from "./support/qa-test";

test("all Spanish agents busy: queued with a position, connected when the agent frees up", async ({ floor, page: supervisor, openPhone, newDesk }) => {
  await floor.clear(["es"]);
  const solo = await floor.addAgent({ name: "Solo", languages: ["es"] });

  // Caller A takes the only Spanish agent, for longer than this test lasts.
  const a = await openPhone({ agent: { kind: "answer", after: 0, talk: 600 } });
  await a.call();
  await a.press("language", "2");
  await a.press("menu", "2");
  await expect(a.transcript).toContainText(`Connecting to an agent (${solo.phone})`);
  await expect(a.transcript).toContainText("Agent answered");

  // Caller B, at another desk, asks for an agent too.
  const desk = await newDesk();
  const b = await openPhone({ page: await desk.newPage(), agent: { kind: "answer", after: 0, talk: 600 } });
  await b.call();
  await b.press("language", "2");
  await b.press("menu", "2");
  await expect(b.transcript).toContainText("Todos nuestros agentes están ocupados. Usted es el número 1 en la fila.");
  await expect(b.step).toHaveText("queue");
  await expect(b.transcript).toContainText("♪ Hold music");

  // The supervisor sees B waiting (#1) and the agent busy.
  await supervisor.goto("/calls");
  await expect(supervisor.getByTestId("queue").locator("li").filter({ hasText: b.number })).toContainText("#1");
  await expect(supervisor.getByTestId("live-call").filter({ hasText: b.number }).getByTestId("call-step")).toHaveText("Queue");
  // Still holding after a few rounds of hold music: nobody else may take B's agent, and B keeps hearing the position.
  await expect(b.transcript).toContainText("Gracias por esperar. Usted es el número 1 en la fila.");
  expect(await b.dialled()).toEqual([]);

  // A hangs up: the agent is free, and B (first in line) is connected to them.
  await a.hangUp();
  await expect(b.transcript).toContainText(`Connecting to an agent (${solo.phone})`);
  await expect(b.transcript).toContainText("Agent answered");
  await expect(b.step).toHaveText("agent");
  await expect(supervisor.getByTestId("queue").locator("li").filter({ hasText: b.number })).toHaveCount(0);
  await expect(supervisor.getByTestId("live-call").filter({ hasText: b.number }).getByTestId("call-agent")).toHaveText(solo.name);

  await openBoard(supervisor);
  const row = boardRow(supervisor, "es", solo.id);
  await expect(row.status).toHaveText("Busy");
  await expect(row.row).toContainText(`On call with ${b.number}`);
  await b.hangUp();
  await expect(row.status).toHaveText("Available");
});
