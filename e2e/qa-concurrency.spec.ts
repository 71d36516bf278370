// QA: two callers ask for an agent in the same instant, each through its own server instance (the second server of
// playwright.config.ts: same database, its own process and so its own routing heap). Both instances see Pat as the
// best agent, and when their decisions overlap both try to claim Pat: only the atomic claim in the database keeps
// them apart. The spec checks that both instances assigned (one routing decision each), that each caller reached a
// different agent, and that the board shows each agent on its own call; it prints how many claims each decision
// tried. Whether the two decisions overlap depends on the browsers' timing, so contention is printed here, not
// asserted: tests/integration/routing-concurrency.test.ts asserts it, and fails against a non-atomic claim.
import { E2E_SECOND_BASE_URL } from "../playwright.config";
import { boardRow, openBoard } from "./support/board";
import type { Phone } from "./support/phone";
import { expect, test } from "./support/qa-test";

test("two callers at once on two server instances never reach the same agent", async ({ floor, page: supervisor, openPhone, newDesk }) => {
  await floor.clear(["en"]);
  const pat = await floor.addAgent({ name: "Pat", languages: ["en"], idleMinutes: 30 });
  const quinn = await floor.addAgent({ name: "Quinn", languages: ["en"] });

  const desks = [await newDesk(), await newDesk({ baseURL: E2E_SECOND_BASE_URL })];
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
  // One decision per caller, each made by its own instance (each phone's webhooks go to its own server).
  const attempts = await floor.claimAttempts();
  expect(attempts, "two routing decisions, one per caller and instance").toHaveLength(2);
  console.log(`two instances: claims tried per decision ${JSON.stringify(attempts)} (${attempts.some((n) => n > 1) ? "contested" : "not overlapping this run"})`);

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
