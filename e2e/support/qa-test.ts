// The QA specs' test object: a signed-in supervisor session shared by the worker's pages, the e2e database, and
// a per-test Floor that is always cleaned up (phones hung up, the spec's calls/agents removed, the floor restored),
// whether the test passed, failed or timed out.
import { test as base, expect, type Browser, type BrowserContext, type Page } from "@playwright/test";
import path from "node:path";
import { signIn } from "../dashboard-login";
import { FloorService, type FloorHandle } from "./floor-client";
import { Phone, type AgentChoice } from "./phone";

type OpenPhone = (opts?: { page?: Page; scale?: "1" | "0.5" | "0.2" | "0.1"; agent?: AgentChoice }) => Promise<Phone>;

type TestFixtures = {
  floor: FloorHandle;
  /** A /phone page with a fresh caller number (its own page in the test's context unless one is given). */
  openPhone: OpenPhone;
  /** Another browser context with the same session: a second person (caller or supervisor) at another desk, on
   * the first server unless `baseURL` names the second (playwright.config.ts E2E_SECOND_BASE_URL). */
  newDesk: (opts?: { baseURL?: string }) => Promise<BrowserContext>;
};
type WorkerFixtures = { floors: FloorService; supervisorState: string };

async function savedSession(browser: Browser, baseURL: string | undefined, file: string): Promise<string> {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await signIn(page, "/");
  await context.storageState({ path: file });
  await context.close();
  return file;
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  floors: [
    async ({}, provide) => {
      const service = await FloorService.start();
      await provide(service);
      service.stop();
    },
    { scope: "worker" },
  ],
  supervisorState: [
    async ({ browser }, provide, workerInfo) => {
      await provide(await savedSession(browser, workerInfo.project.use.baseURL, path.join(workerInfo.project.outputDir, `.qa-session-${workerInfo.workerIndex}.json`)));
    },
    { scope: "worker" },
  ],
  storageState: ({ supervisorState }, provide) => provide(supervisorState),
  // Depends on the pages' contexts so that it is torn down first: phones hang up while their pages still exist.
  floor: async ({ floors, context, newDesk }, provide) => {
    void context;
    void newDesk;
    const floor = await floors.newFloor();
    await provide(floor);
    await floor.cleanup();
  },
  newDesk: async ({ browser, supervisorState, baseURL }, provide) => {
    const contexts: BrowserContext[] = [];
    await provide(async (opts = {}) => {
      const context = await browser.newContext({ storageState: supervisorState, baseURL: opts.baseURL ?? baseURL });
      contexts.push(context);
      return context;
    });
    for (const c of contexts) await c.close();
  },
  openPhone: async ({ context, floor }, provide) => {
    await provide(async (opts = {}) => {
      const page = opts.page ?? (await context.newPage());
      const phone = await Phone.open(page, await floor.callerNumber(), opts);
      floor.onCleanup(() => phone.ensureEnded());
      return phone;
    });
  },
});

export { expect };
