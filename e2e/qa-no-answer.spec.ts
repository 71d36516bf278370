// QA: the chosen agent does not pick up. The caller is told, the next agent in heap order is dialled and answers;
// the missed agent is never dialled twice on the same call and is back on the floor (one miss is not "away").
import { boardRow, openBoard } from "./support/board";
import { expect, test } from "./support/qa-test";

test("agent does not answer: the next agent is tried and connects", async ({ floor, page: supervisor, openPhone }) => {
  await floor.clear(["en"]);
  // Equal scores: the tie goes to the agent idle longest, so "Nobody" is first and "Backup" second.
  const nobody = await floor.addAgent({ name: "Nobody", languages: ["en"], idleMinutes: 30 });
  const backup = await floor.addAgent({ name: "Backup", languages: ["en"] });
  await openBoard(supervisor);
  const n = boardRow(supervisor, "en", nobody.id);
  const b = boardRow(supervisor, "en", backup.id);
  await expect(n.rank).toHaveText("1");
  await expect(b.rank).toHaveText("2");

  const phone = await openPhone({ agent: { kind: "no-answer" } });
  await phone.call();
  await phone.press("language", "1");
  await phone.press("menu", "2");
  await expect(phone.transcript).toContainText(`Connecting to an agent (${nobody.phone}): no-answer`);
  await expect(n.status).toHaveText("Busy"); // ringing holds the agent
  await phone.setAgent({ kind: "answer", after: 1, talk: 600 }); // whoever is dialled next picks up

  await expect(phone.transcript).toContainText("Agent no-answer (20s)"); // the full 20 s ring, scaled
  await expect(phone.transcript).toContainText("That agent is not available. Trying the next one.");
  await expect(phone.transcript).toContainText(`Connecting to an agent (${backup.phone})`);
  await expect(phone.transcript).toContainText("Agent answered");
  await expect(phone.step).toHaveText("agent");
  expect(await phone.dialled()).toEqual([nobody.phone, backup.phone]);

  await expect(b.status).toHaveText("Busy");
  await expect(b.row).toContainText(`On call with ${phone.number}`);
  await expect(n.status).toHaveText("Available");
  await phone.hangUp();
  await expect(b.status).toHaveText("Available");
});
