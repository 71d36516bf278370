// QA: two callers at two desks ask for an agent in the same instant. Both would pick the same next-up agent from
// the heap; the atomic claim must give each caller a different agent, and the board must show each agent on its
// own call.
import { boardRow, openBoard } from "./support/board";
import type { Phone } from "./support/phone";
import { expect, test } from "./support/qa-test";

test("two callers at once never reach the same agent", async ({ floor, page: supervisor, openPhone, newDesk }) => {
  await floor.clear(["en"]);
  const pat = await floor.addAgent({ name: "Pat", languages: ["en"], idleMinutes: 30 });
  const quinn = await floor.addAgent({ name: "Quinn", languages: ["en"] });

  const desks = [await newDesk(), await newDesk()];
  // Half speed: both callers must be waiting for their key at the same moment, so the windows are wider.
  const [a, b] = (await Promise.all(
    desks.map(async (d) => openPhone({ page: await d.newPage(), scale: "0.5", agent: { kind: "answer", after: 0, talk: 600 } })),
  )) as [Phone, Phone];
  await Promise.all([a.call(), b.call()]);
  await Promise.all([a.press("language", "1"), b.press("language", "1")]);
  // Both menus have been said and are waiting: press 2 on both keypads together.
  await Promise.all([a.waitForPrompt("menu"), b.waitForPrompt("menu")]);
  await Promise.all([a.awaitingKey(), b.awaitingKey()]);
  await Promise.all([a.tap("2"), b.tap("2")]);

  await Promise.all([a, b].map((p) => expect(p.transcript).toContainText("Agent answered")));
  const reached = [...(await a.dialled()), ...(await b.dialled())];
  expect(reached).toHaveLength(2);
  expect(new Set(reached), "each caller reached a different agent").toEqual(new Set([pat.phone, quinn.phone]));

  await openBoard(supervisor);
  const agentOf = new Map([
    [a, reached[0] === pat.phone ? pat : quinn],
    [b, reached[1] === pat.phone ? pat : quinn],
  ]);
  for (const p of [a, b]) {
    const row = boardRow(supervisor, "en", agentOf.get(p)!.id);
    await expect(row.status).toHaveText("Busy");
    await expect(row.row).toContainText(`On call with ${p.number}`);
  }
  await Promise.all([a.hangUp(), b.hangUp()]);
});
