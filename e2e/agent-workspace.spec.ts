// The agent's side: an agent signs in at /login, works from their workspace (state, screen pop, wrap-up,
// disposition), the supervisor's board follows every change live, and the agent's session is refused everywhere a
// supervisor goes. An agent on Break is never rung while a caller waits; going ready connects that caller at once.
import { boardRow, openBoard } from "./support/board";
import { expect, test } from "./support/qa-test";
import { screenshotPath } from "./support/screenshots";

test("an agent on Break is never rung; going ready connects the waiting caller; screen pop, wrap-up, disposition, Ready", async ({ floor, page: supervisor, openPhone, browser, baseURL }) => {
  // A whole shift in one spec (two sign-ins, a queue, a call, wrap-up, history): 20-30 s on an idle machine, over
  // the default 60 s when the 2 cores are shared with builds.
  test.setTimeout(120_000);
  await floor.clear(["es"]);
  const agent = await floor.addAgent({ name: "Workspace Wendy", languages: ["es"] });
  const email = `wendy-${agent.id.slice(-6)}@agents.example.com`;

  // The supervisor gives the agent a sign-in from the agent form.
  await supervisor.goto(`/agents/${agent.id}`);
  await supervisor.getByLabel("Email", { exact: true }).fill(email);
  await supervisor.getByLabel("Initial password").fill("wendy-pass-1");
  await supervisor.getByRole("button", { name: "Save changes" }).click();
  await expect(supervisor).toHaveURL(/\/agents\?saved=/);

  // The agent signs in at the same /login and lands in their workspace.
  const desk = await browser.newContext({ baseURL, storageState: { cookies: [], origins: [] } }); // not the supervisor's session
  const me = await desk.newPage();
  await me.goto("/login");
  await me.getByLabel("Email").fill(email);
  await me.getByLabel("Password").fill("wendy-pass-1");
  await me.getByRole("button", { name: "Sign in" }).click();
  await expect(me.getByRole("heading", { name: "Your state" })).toBeVisible();
  await me.goto("/workspace");
  await expect(me.getByTestId("agent-connection")).toHaveAttribute("data-state", "connected");

  // Their session gets nothing of the supervisors'.
  for (const api of ["/api/agent-stats", "/api/call-history"]) {
    expect((await me.request.get(api, { maxRedirects: 0 })).status(), api).toBe(403);
  }
  for (const path of ["/", "/calls", "/history", "/analytics", "/agents"]) {
    await me.goto(path);
    await expect(me, path).toHaveURL(/\/workspace$/);
  }
  // Nor another agent's state.
  const other = await me.request.post("/api/agent/state", { data: { agentId: "someone-else", status: "OFFLINE" } });
  expect(other.status()).toBe(403);

  // Break: the board shows it live.
  await openBoard(supervisor);
  const row = boardRow(supervisor, "es", agent.id);
  await me.getByLabel("Reason").selectOption("BREAK");
  await me.getByRole("button", { name: "Not ready", exact: true }).click();
  await expect(me.getByTestId("my-state")).toHaveText("Not Ready");
  await expect(me.getByTestId("my-reason")).toHaveText("Break");
  await expect(row.status).toHaveText("Not Ready");
  await expect(row.row.getByTestId("agent-reason")).toHaveText("Break");

  // A caller who called before (heard the message) calls again and asks for an agent: queued, never rung.
  const caller = await openPhone({ agent: { kind: "answer", after: 0, talk: 600 } });
  await caller.call();
  await caller.press("language", "2");
  await caller.press("menu", "1");
  await caller.ended();
  await caller.call();
  await caller.press("language", "2");
  await caller.press("menu", "2");
  await expect(caller.step).toHaveText("queue");
  await expect(caller.transcript).toContainText("Usted es el número 1 en la fila");
  await expect(caller.transcript).toContainText("Gracias por esperar");
  expect(await caller.dialled()).toEqual([]);
  await expect(row.status).toHaveText("Not Ready");

  // Ready: the waiting caller is put through to this agent at once, and the screen pop shows who it is.
  await me.getByRole("button", { name: "Go available" }).click();
  await expect(caller.transcript).toContainText(`Connecting to an agent (${agent.phone})`);
  await expect(row.status).toHaveText("Busy");
  const pop = me.getByTestId("screen-pop");
  await expect(pop.getByTestId("pop-from")).toHaveText(caller.number);
  await expect(pop.getByTestId("pop-language")).toHaveText("Español");
  await expect(pop.getByTestId("pop-previous")).toHaveText("1");
  await expect(pop).toHaveAttribute("data-phase", /ringing|on-call/);
  await expect(pop).toHaveAttribute("data-phase", "on-call");
  await me.screenshot({ path: screenshotPath("agent-workspace-call.png"), fullPage: true });

  // Disposition and notes while talking (the form serves the call on screen, during the call or its wrap-up).
  await me.getByLabel("Outcome").selectOption("FOLLOW_UP");
  await me.getByLabel("Notes").fill("Wants a call back about the refund");
  await me.getByRole("button", { name: "Save disposition" }).click();
  await expect(me.getByRole("status").filter({ hasText: "Saved" })).toBeVisible();
  await me.screenshot({ path: screenshotPath("agent-workspace-disposition.png"), fullPage: true });

  // The call ends: wrap-up (not available), then Ready. The e2e server's wrap-up is 3 s, so nothing slow (another
  // page, a screenshot) stands between its start and the Ready click.
  await caller.hangUp();
  await expect(me.getByTestId("wrap-up")).toBeVisible();
  await expect(me.getByTestId("my-state")).toHaveText("Wrap Up");
  await me.getByRole("button", { name: "Ready", exact: true }).click();
  await expect(me.getByTestId("my-state")).toHaveText("Available");
  await expect(row.status).toHaveText("Available");

  // The disposition is in the call's timeline for supervisors.
  await supervisor.goto("/history");
  await supervisor.getByTestId("history-row").filter({ hasText: caller.number }).first().getByRole("link").click();
  await expect(supervisor.locator("main")).toContainText("Wants a call back about the refund");
  await desk.close();
});
