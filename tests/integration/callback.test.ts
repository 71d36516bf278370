// #18 queued callback, end to end through the real (signed) webhook handlers and the real dispatcher, with a fake
// telephone (`place`) that records every outbound call instead of ringing one. Runs on SQLite and, with
// TEST_DATABASE=postgres, on PostgreSQL.
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { resolvePeriod } from "@/lib/dashboard/analytics-period";
import { loadAnalytics } from "@/lib/dashboard/load-analytics";
import { getDb, type Db } from "@/lib/db/client";
import { seedDatabase } from "@/lib/db/seed";
import { PROMPTS } from "@/lib/ivr/prompts";
import { clearPools } from "@/lib/routing/agent-pool";
import { forgetQueueStats } from "@/lib/routing/wait-estimate";
import { dispatchCallbacks, type DispatchOptions } from "@/lib/routing/callbacks/dispatch-callbacks";
import { cancelCallback, rescheduleCallback } from "@/lib/routing/callbacks/manage-callbacks";
import { requestCallback } from "@/lib/routing/callbacks/request-callback";
import { reconcileCallbacks } from "@/lib/routing/callbacks/reconcile-callbacks";
import type { CallLeg } from "@/lib/telephony/place-call";
import { Caller, plivoRequest, send } from "./ivr-harness";

vi.mock("@/lib/realtime/publish", () => ({ publish: vi.fn(async () => null) }));
// The IVR nudges the dispatcher after the response; these tests run it themselves, with the fake telephone.
vi.mock("@/lib/ivr/callback-dispatch", () => ({
  triggerCallbackDispatch: vi.fn(),
  nudgeCallbackDispatchFromHold: vi.fn(),
  runCallbackDispatch: vi.fn(async () => undefined),
}));

const en = PROMPTS.en!;
let db: Db;
let placed: Array<{ to: string; leg: CallLeg }> = [];

const BASE = "http://localhost:3000";
function dispatchOpts(extra: Partial<DispatchOptions> = {}): DispatchOptions {
  return {
    place: async (to, leg) => {
      placed.push({ to, leg });
      return { mode: "simulator", phoneUrl: "/phone" };
    },
    legUrls: (leg) => ({
      answerUrl: `${BASE}/ivr/callback/answer?leg=${leg}`,
      hangupUrl: `${BASE}/ivr/callback/hangup?leg=${leg}`,
      machineDetectionUrl: `${BASE}/ivr/callback/machine?leg=${leg}`,
    }),
    limits: false,
    ...extra,
  };
}

/** Only these English agents take calls; everyone else is offline. */
async function staff(phones: string[]) {
  await db.agent.updateMany({ data: { status: "OFFLINE", currentCallId: null, consecutiveMisses: 0, wrapUpUntil: null } });
  await db.agent.updateMany({ where: { phone: { in: phones } }, data: { status: "AVAILABLE", idleSince: new Date(0) } });
  clearPools(db);
  forgetQueueStats(db); // the staffed count behind the wait estimate changed too
}

/** A caller who chose English and asked for an agent. */
async function caller(from: string): Promise<Caller> {
  const c = new Caller({ from });
  await c.answer();
  await c.press("1");
  await c.press("2");
  return c;
}

function legCaller(leg: CallLeg, to: string): Caller {
  return new Caller({ direction: "outbound", from: "+14155550000", to, callUuid: `leg-${Math.random().toString(36).slice(2)}` });
}

async function legHangup(c: Caller, leg: CallLeg, callStatus: string, cause: string) {
  const res = await send(plivoRequest(leg.hangupUrl, { ...c.base, CallStatus: callStatus, HangupCause: cause, Duration: "0" }));
  expect(res.status).toBe(200);
}

beforeAll(async () => {
  db = await getDb();
  await seedDatabase(db, { email: "sup@example.com", password: "password1" });
});

beforeEach(async () => {
  placed = [];
  await db.callback.deleteMany();
  // Callers a previous test left holding would (rightly) stand ahead of every callback.
  await db.call.updateMany({ where: { endedAt: null }, data: { status: "ABANDONED", endedAt: new Date() } });
});

afterEach(() => {
  vi.useRealTimers();
});

describe("queued callback", () => {
  it("keeps the caller's original place: a later live caller is not connected before the callback", async () => {
    await staff(["+14155550101"]);
    const busy = await caller("+12025550301"); // takes the only agent
    expect(busy.elements).toContain("Dial");

    const early = await caller("+12025550302");
    expect(early.heard.join(" ")).toContain(en.allBusy(1));
    expect(early.heard.join(" ")).toContain(en.callbackOffer("1"));
    expect(early.heard.some((t) => t.startsWith("Your estimated wait is"))).toBe(true);
    await early.press("1");
    expect(early.heard).toEqual([en.callbackConfirmed]);
    await early.hangup(30);

    const late = await caller("+12025550303");
    expect(late.heard.join(" ")).toContain(en.allBusy(2)); // the callback stands ahead

    // The agent frees up (call over, wrap-up ended).
    await busy.dialEnds("completed", 60);
    await busy.hangup(90);
    await db.agent.updateMany({ where: { phone: "+14155550101" }, data: { status: "AVAILABLE", wrapUpUntil: null } });
    clearPools(db);

    // The later live caller polls first: still held, the agent is the callback's.
    await late.silence();
    expect(late.elements).not.toContain("Dial");
    const result = await dispatchCallbacks(db, dispatchOpts());
    expect(result.dialled).toBe(1);
    expect(placed.map((p) => p.to)).toEqual(["+12025550302"]);
    await late.followRedirect();
    expect(late.elements).not.toContain("Dial");

    // The customer answers the callback: greeted, then the reserved agent rings; then a normal call with a rating.
    const leg = legCaller(placed[0]!.leg, "+12025550302");
    await leg.visit(placed[0]!.leg.answerUrl);
    expect(leg.heard).toEqual([en.callbackIntro]);
    expect(leg.dial.number).toBe("+14155550101");
    await leg.agentEvent("answer");
    await leg.dialEnds("completed", 75);
    expect(leg.heard).toEqual([en.feedbackQuestion]);
    await leg.press("4");
    await legHangup(leg, placed[0]!.leg, "completed", "NORMAL_CLEARING");

    const cb = await db.callback.findFirstOrThrow();
    expect(cb.status).toBe("COMPLETED");
    expect(cb.attempts).toBe(1);
    expect(cb.activePhone).toBeNull();
    const legCall = await db.call.findUniqueOrThrow({ where: { callUuid: leg.callUuid }, include: { feedback: true } });
    expect(legCall.callbackId).toBe(cb.id);
    expect(legCall.status).toBe("COMPLETED");
    expect(legCall.feedback?.rating).toBe(4);
    const origin = await db.call.findUniqueOrThrow({ where: { id: cb.originCallId } });
    expect(origin.from).toBe("+12025550302");
    expect(origin.status).toBe("COMPLETED");
  });

  it("a wrong key while holding re-prompts and the hold goes on", async () => {
    await staff([]);
    const c = await caller("+12025550311");
    await c.press("7");
    expect(c.heard[0]).toBe(en.invalidOption);
    expect(c.elements).toContain("GetDigits");
    expect((await db.call.findUniqueOrThrow({ where: { callUuid: c.callUuid } })).status).toBe("QUEUED");
    expect(await db.callback.count()).toBe(0);
    await c.hangup(10);
  });

  it("declines a callback to a refused number (premium rate) with a spoken reason and places nothing", async () => {
    await staff([]);
    const c = await caller("+19002000000");
    await c.press("1");
    expect(c.heard[0]).toBe(en.callbackRefused);
    expect(c.heard.join(" ")).not.toContain(en.callbackOffer("1"));
    expect(c.elements).toContain("GetDigits"); // still holding
    expect(await db.callback.count()).toBe(0);
    await staff(["+14155550101"]);
    await dispatchCallbacks(db, dispatchOpts());
    expect(placed).toEqual([]);
    await c.hangup(10);
  });

  it("merges a second request from the same number into the open one, keeping the earlier place", async () => {
    await staff([]);
    const first = await caller("+12025550321");
    const firstQueuedAt = (await db.call.findUniqueOrThrow({ where: { callUuid: first.callUuid } })).queuedAt;
    await first.press("1");
    await first.hangup(5);
    const again = await caller("+12025550321");
    await again.press("1");
    expect(again.heard).toEqual([en.callbackMerged]);
    const all = await db.callback.findMany();
    expect(all).toHaveLength(1);
    expect(all[0]!.mergedRequests).toBe(1);
    expect(all[0]!.placeAt.getTime()).toBe(firstQueuedAt!.getTime());
  });

  it("cancel and reschedule: a cancelled callback is never dialled; a rescheduled one waits for its time", async () => {
    await staff(["+14155550101", "+14155550102"]);
    const now = new Date();
    const a = await requestCallback(db, { originCallId: await originCall("+12025550331"), phone: "+12025550331", languageCode: "en", placeAt: now });
    const b = await requestCallback(db, { originCallId: await originCall("+12025550332"), phone: "+12025550332", languageCode: "en", placeAt: now });
    expect(await cancelCallback(db, a.callback.id)).toEqual({ ok: true });
    expect(await rescheduleCallback(db, b.callback.id, new Date(now.getTime() + 600_000))).toEqual({ ok: true });
    await dispatchCallbacks(db, dispatchOpts());
    expect(placed).toEqual([]);
    expect(await cancelCallback(db, a.callback.id)).toEqual({ ok: false, reason: "not-pending" });
    await dispatchCallbacks(db, dispatchOpts({ now: new Date(now.getTime() + 601_000) }));
    expect(placed.map((p) => p.to)).toEqual(["+12025550332"]);
    expect(await cancelCallback(db, b.callback.id)).toEqual({ ok: false, reason: "not-pending" }); // being dialled
  });

  it("attempt limit and delay: unanswered attempts retry after the delay, then fail; the agent is released without a miss", async () => {
    await staff(["+14155550101"]);
    const t0 = new Date();
    const cfg = { maxAttempts: 2 }; // stored on the callback when it is asked for
    const { callback } = await requestCallback(db, { originCallId: await originCall("+12025550341"), phone: "+12025550341", languageCode: "en", placeAt: t0, now: t0 }, { ...cfgBase(), ...cfg });
    expect((await dispatchCallbacks(db, dispatchOpts({ now: t0, callback: cfg }))).dialled).toBe(1);
    const leg1 = legCaller(placed[0]!.leg, "+12025550341");
    await legHangup(leg1, placed[0]!.leg, "no-answer", "NO_ANSWER");
    let cb = await db.callback.findUniqueOrThrow({ where: { id: callback.id } });
    expect(cb.status).toBe("PENDING");
    expect(cb.attempts).toBe(1);
    expect(cb.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + 50_000);
    const agent = await db.agent.findUniqueOrThrow({ where: { phone: "+14155550101" } });
    expect(agent.status).toBe("AVAILABLE");
    expect(agent.consecutiveMisses).toBe(0);
    const leg1Call = await db.call.findUniqueOrThrow({ where: { callUuid: leg1.callUuid } });
    expect(leg1Call.status).toBe("FAILED");
    expect(await db.agentAssignment.findMany({ where: { callId: leg1Call.id }, select: { agentId: true, outcome: true } })).toEqual([
      { agentId: agent.id, outcome: "RELEASED" },
    ]);

    // Before the delay: nothing placed. After it: the second and last attempt.
    clearPools(db);
    await dispatchCallbacks(db, dispatchOpts({ callback: cfg }));
    expect(placed).toHaveLength(1);
    // The webhook settles with the deployment's delay (CALLBACK_RETRY_DELAY_SECONDS, default 120 s).
    expect(cb.nextAttemptAt.getTime()).toBeLessThanOrEqual(Date.now() + 121_000);
    const later = new Date(Date.now() + 121_000);
    const second = await dispatchCallbacks(db, dispatchOpts({ now: later, callback: cfg }));
    expect(second, JSON.stringify(await db.callback.findMany())).toMatchObject({ dialled: 1 });
    const leg2 = legCaller(placed[1]!.leg, "+12025550341");
    // A machine answers: Plivo tells machine_detection_url, then hangs up.
    await send(plivoRequest(placed[1]!.leg.machineDetectionUrl!, { ...leg2.base, Machine: "true", CallStatus: "in-progress" }));
    await legHangup(leg2, placed[1]!.leg, "completed", "NORMAL_CLEARING");
    cb = await db.callback.findUniqueOrThrow({ where: { id: callback.id } });
    expect(cb.status).toBe("FAILED");
    expect(cb.attempts).toBe(2);
    expect(cb.lastResult).toBe("machine");
    expect(cb.activePhone).toBeNull();
    clearPools(db);
    await dispatchCallbacks(db, dispatchOpts({ now: new Date(Date.now() + 3600_000), callback: cfg }));
    expect(placed).toHaveLength(2);
  });

  it("exactly one outbound call per callback under concurrent dispatchers and retried webhooks (randomised)", async () => {
    const agents = ["+14155550101", "+14155550102", "+14155550103", "+14155550108"];
    const rounds = 3;
    const totals = { callbacks: 0, placed: 0, duplicatePlacements: 0, attemptsCounted: 0 };
    for (let round = 0; round < rounds; round++) {
      placed = [];
      await db.callback.deleteMany();
      await staff(agents);
      const n = 3 + Math.floor(Math.random() * 6);
      const t0 = new Date(Date.now() - 60_000);
      const ids: string[] = [];
      for (let i = 0; i < n; i++) {
        const phone = `+1202555${String(4000 + round * 100 + i)}`;
        const r = await requestCallback(db, { originCallId: await originCall(phone), phone, languageCode: "en", placeAt: new Date(t0.getTime() + i * 1000) });
        ids.push(r.callback.id);
      }
      const dispatchers = 2 + Math.floor(Math.random() * 6);
      await Promise.all(Array.from({ length: dispatchers }, () => dispatchCallbacks(db, dispatchOpts())));
      const perPhone = new Map<string, number>();
      for (const p of placed) perPhone.set(p.to, (perPhone.get(p.to) ?? 0) + 1);
      const duplicates = [...perPhone.values()].filter((v) => v > 1).length;
      expect(duplicates).toBe(0);
      expect(placed.length).toBe(Math.min(n, agents.length));
      // The earliest places are the ones served.
      const dialledIds = (await db.callback.findMany({ where: { status: "DIALING" }, orderBy: { placeAt: "asc" } })).map((c) => c.id);
      expect(dialledIds).toEqual(ids.slice(0, placed.length));
      const busy = await db.agent.findMany({ where: { status: "BUSY" } });
      expect(new Set(busy.map((a) => a.currentCallId)).size).toBe(busy.length);

      // Plivo retries each leg's hangup (2-4 deliveries, concurrently): each attempt is settled once.
      await Promise.all(
        placed.map(async (p) => {
          const c = legCaller(p.leg, p.to);
          const copies = 2 + Math.floor(Math.random() * 3);
          await Promise.all(Array.from({ length: copies }, () => legHangup(c, p.leg, "no-answer", "NO_ANSWER")));
        }),
      );
      const after = await db.callback.findMany({ where: { id: { in: ids } } });
      const counted = after.reduce((s, c) => s + c.attempts, 0);
      expect(counted).toBe(placed.length);
      expect(after.filter((c) => c.status === "DIALING")).toEqual([]);
      totals.callbacks += n;
      totals.placed += placed.length;
      totals.duplicatePlacements += duplicates;
      totals.attemptsCounted += counted;
      console.log(`round ${round}: ${n} callbacks, ${dispatchers} concurrent dispatchers, ${agents.length} agents -> ${placed.length} placed, ${duplicates} duplicates, ${counted} attempts counted`);
    }
    console.log(`exactly-once totals: ${JSON.stringify(totals)}`);
  });

  it("a retried key press asks once: the same delivery twice gets the same answer and one callback", async () => {
    await staff([]);
    const c = await caller("+12025550351");
    const action = (c as unknown as { tree: { children: Array<{ name: string; attrs: Record<string, string> }> } }).tree.children.find((n) => n.name === "GetDigits")!.attrs.action!;
    const [r1, r2] = await Promise.all([
      send(plivoRequest(action, { ...c.base, Digits: "1" })),
      send(plivoRequest(action, { ...c.base, Digits: "1" })),
    ]);
    expect(await db.callback.count()).toBe(1);
    expect([r1.xml, r2.xml].filter((x) => x.includes(en.callbackConfirmed)).length).toBeGreaterThanOrEqual(1);
  });

  it("reconcile does not leave a callback DIALING forever", async () => {
    await staff(["+14155550101"]);
    const t0 = new Date();
    await requestCallback(db, { originCallId: await originCall("+12025550361"), phone: "+12025550361", languageCode: "en", placeAt: t0, now: t0 });
    await dispatchCallbacks(db, dispatchOpts({ now: t0 }));
    expect(placed).toHaveLength(1);
    // Nobody answers and the hangup is lost.
    await reconcileCallbacks(db, new Date(t0.getTime() + 10_000));
    expect((await db.callback.findFirstOrThrow()).status).toBe("DIALING"); // within the bound
    await reconcileCallbacks(db, new Date(Date.now() + 200_000));
    const cb = await db.callback.findFirstOrThrow();
    expect(cb.status).toBe("PENDING");
    expect(cb.attempts).toBe(1);
    const agent = await db.agent.findUniqueOrThrow({ where: { phone: "+14155550101" } });
    expect(agent.status).toBe("AVAILABLE");
    expect(agent.currentCallId).toBeNull();
  });

  it("analytics count callbacks by outcome and score the announced wait against the real one", async () => {
    await staff([]);
    const now = new Date();
    const requested = await requestCallback(db, { originCallId: await originCall("+12025550371"), phone: "+12025550371", languageCode: "en", placeAt: now });
    await cancelCallback(db, requested.callback.id);
    await requestCallback(db, { originCallId: await originCall("+12025550372"), phone: "+12025550372", languageCode: "en", placeAt: now });
    // A caller told 120 s who reached an agent after 150 s (error -30 s), and one told 60 s who waited 200 s (+140).
    for (const [estimate, waited] of [[120, 150], [60, 200]] as const) {
      await db.call.create({
        data: {
          callUuid: `scored-${estimate}-${Math.random().toString(36).slice(2)}`,
          direction: "INBOUND",
          from: "+12025550373",
          to: "+14155550000",
          status: "COMPLETED",
          languageCode: "en",
          startedAt: new Date(now.getTime() - 600_000),
          queuedAt: new Date(now.getTime() - 500_000),
          agentConnectedAt: new Date(now.getTime() - 500_000 + waited * 1000),
          waitEstimateSeconds: estimate,
        },
      });
    }
    const a = await loadAnalytics(db, resolvePeriod({ days: 1 }));
    expect(a.callbacks).toMatchObject({ cancelled: 1, open: 1 });
    expect(a.callbacks.requested).toBeGreaterThanOrEqual(2);
    expect(a.waitEstimate.scored).toBeGreaterThanOrEqual(2);
    const mine = await db.call.findMany({ where: { from: "+12025550373" } });
    expect(mine).toHaveLength(2);
    // Other tests' callers may be scored too: the expected figures are computed over every scored call here.
    const scoredCalls = await db.call.findMany({ where: { waitEstimateSeconds: { not: null }, queuedAt: { not: null }, agentConnectedAt: { not: null } } });
    const errors = scoredCalls.map((c) => c.waitEstimateSeconds! - (c.agentConnectedAt!.getTime() - c.queuedAt!.getTime()) / 1000);
    expect(a.waitEstimate.scored).toBe(scoredCalls.length);
    expect(a.waitEstimate.maeSeconds).toBeCloseTo(errors.reduce((s, e) => s + Math.abs(e), 0) / errors.length, 0);
    expect(a.waitEstimate.within60).toBeCloseTo(errors.filter((e) => Math.abs(e) <= 60).length / errors.length, 5);
  });

  it.each(["/ivr/callback/answer?leg=x", "/ivr/callback/hangup?leg=x", "/ivr/callback/machine?leg=x"])("unsigned %s: 403", async (path) => {
    const res = await send(plivoRequest(path, { CallUUID: "unsigned-leg", From: "+14155550000", To: "+12025550100", Direction: "outbound" }, { signing: "none" }));
    expect(res.status).toBe(403);
  });
});

function cfgBase() {
  return { maxAttempts: 3, retryDelaySeconds: 120, dialingStaleSeconds: 180, dispatchIntervalSeconds: 5, offerAfterSeconds: 0 };
}

/** A finished inbound call to hang a callback on (tests that create callbacks directly). */
async function originCall(from: string): Promise<string> {
  const call = await db.call.create({
    data: { callUuid: `origin-${from}-${Math.random().toString(36).slice(2)}`, direction: "INBOUND", from, to: "+14155550000", status: "COMPLETED", languageCode: "en" },
  });
  return call.id;
}
