// Webhook safety: signatures (403 and nothing written), repeated and out-of-order deliveries (same XML, nothing
// counted twice), unknown calls, and unexpected errors (still valid XML for the caller, a log line with the CallUUID).
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { getDb, type Db } from "@/lib/db/client";
import { seedDatabase } from "@/lib/db/seed";
import { log } from "@/lib/log";
import { ivrRoute } from "@/lib/ivr/ivr-route";
import { PROMPTS } from "@/lib/ivr/prompts";
import { elementNames, parseXml } from "../support/xml-tree";
import { Caller, plivoRequest, send, speakTexts } from "./ivr-harness";

vi.mock("@/lib/realtime/publish", () => ({ publish: vi.fn(async () => null) }));

const en = PROMPTS.en!;
let db: Db;

async function counts() {
  const [calls, events, receipts, customers, feedback] = await Promise.all([
    db.call.count(),
    db.callEvent.count(),
    db.webhookReceipt.count(),
    db.customer.count(),
    db.feedback.count(),
  ]);
  return { calls, events, receipts, customers, feedback };
}

/** A caller who has talked to an agent and is now being asked for a rating. */
async function callerAtFeedback(): Promise<Caller> {
  const c = new Caller();
  await c.answer();
  await c.press("1");
  await c.press("2");
  await c.dialEnds("completed", 80);
  expect(c.heard).toEqual([en.feedbackQuestion]);
  return c;
}

beforeAll(async () => {
  db = await getDb();
  await seedDatabase(db, { email: "sup@example.com", password: "password1" });
});

beforeEach(async () => {
  await db.agent.updateMany({ data: { status: "AVAILABLE", currentCallId: null, consecutiveMisses: 0 } });
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe("signatures", () => {
  const params = { CallUUID: "sig-test", From: "+12025550100", To: "+14155550000", Direction: "inbound", Digits: "1" };

  it.each([
    ["unsigned POST", () => plivoRequest("/ivr/start", params, { signing: "none" })],
    ["POST signed with another token", () => plivoRequest("/ivr/language", params, { signing: "wrong-token" })],
    ["unsigned GET answer URL", () => plivoRequest("/ivr/start", params, { method: "GET", signing: "none" })],
    ["unsigned hangup callback", () => plivoRequest("/plivo/callback", { ...params, Duration: "5" }, { signing: "none" })],
  ])("%s: 403 and nothing written", async (_name, make) => {
    const before = await counts();
    const res = await send(make());
    expect(res.status).toBe(403);
    expect(res.xml).not.toContain("<Response");
    expect(await counts()).toEqual(before);
  });

  it("a tampered body (digit changed after signing) or a tampered query is refused with no side effect", async () => {
    const before = await counts();
    const good = plivoRequest("/ivr/language", params);
    const tampered = new Request(good.url, {
      method: "POST",
      headers: good.headers,
      body: new URLSearchParams({ ...params, Digits: "2" }).toString(),
    });
    expect((await send(tampered)).status).toBe(403);

    const signedGet = plivoRequest("/ivr/start", params, { method: "GET" });
    const u = new URL(signedGet.url);
    u.searchParams.set("From", "+19995550000");
    expect((await send(new Request(u, { method: "GET", headers: signedGet.headers }))).status).toBe(403);

    // A valid signature for another path does not open this one.
    const other = plivoRequest("/ivr/feedback", params);
    const moved = new Request(other.url.replace("/ivr/feedback", "/ivr/action"), { method: "POST", headers: other.headers, body: new URLSearchParams(params).toString() });
    expect((await send(moved)).status).toBe(403);
    expect(await counts()).toEqual(before);
  });
});

describe("repeated and out-of-order deliveries", () => {
  it("a retried feedback webhook gets the same XML and the rating is stored and counted once", async () => {
    const c = await callerAtFeedback();
    const call = await db.call.findUniqueOrThrow({ where: { callUuid: c.callUuid } });
    const agentBefore = await db.agent.findUniqueOrThrow({ where: { id: call.agentId! } });
    const action = c.tree.children[0]!.attrs.action!;
    const first = await send(plivoRequest(action, { ...c.base, Digits: "3" }));
    const retry = await send(plivoRequest(action, { ...c.base, Digits: "3" }));
    expect(retry.xml).toBe(first.xml);
    expect(speakTexts(parseXml(first.xml))).toEqual([en.feedbackThanks("good")]);
    expect(await db.feedback.count({ where: { callId: call.id } })).toBe(1);
    const agentAfter = await db.agent.findUniqueOrThrow({ where: { id: call.agentId! } });
    expect(agentAfter.ratingCount).toBe(agentBefore.ratingCount + 1);
    expect(agentAfter.ratingSum).toBe(agentBefore.ratingSum + 3);
    expect(await db.callEvent.count({ where: { callId: call.id, type: "feedback.rating" } })).toBe(1);
  });

  it("the same digit delivered twice, even concurrently, moves the call once and answers identically", async () => {
    const c = new Caller();
    await c.answer();
    const action = c.tree.children[0]!.attrs.action!;
    const [a, b] = await Promise.all([
      send(plivoRequest(action, { ...c.base, Digits: "1" })),
      send(plivoRequest(action, { ...c.base, Digits: "1" })),
    ]);
    expect(a.status).toBe(200);
    expect(b.xml).toBe(a.xml);
    expect(speakTexts(parseXml(a.xml))).toEqual([en.actionMenu]);
    const call = await db.call.findUniqueOrThrow({ where: { callUuid: c.callUuid } });
    expect(await db.callEvent.count({ where: { callId: call.id, type: "language.selected" } })).toBe(1);
  });

  it("a repeated invalid key does not count twice toward the three failures", async () => {
    const c = new Caller();
    await c.answer();
    const action = c.tree.children[0]!.attrs.action!;
    await send(plivoRequest(action, { ...c.base, Digits: "9" }));
    await send(plivoRequest(action, { ...c.base, Digits: "9" }));
    expect((await db.call.findUniqueOrThrow({ where: { callUuid: c.callUuid } })).stepAttempts).toBe(1);
  });

  it("a repeated answer URL (POST then GET) creates one call and one customer", async () => {
    const c = new Caller();
    await c.answer("POST");
    const before = await counts();
    await c.answer("GET");
    const after = await counts();
    expect(after.calls).toBe(before.calls);
    expect(after.customers).toBe(before.customers);
    expect(await db.call.count({ where: { callUuid: c.callUuid } })).toBe(1);
  });

  it("hangup before feedback: the late rating is still stored once and the call stays COMPLETED with its end time", async () => {
    const c = await callerAtFeedback();
    await c.hangup(120);
    const ended = await db.call.findUniqueOrThrow({ where: { callUuid: c.callUuid } });
    expect(ended.status).toBe("COMPLETED");
    await c.press("2");
    expect(c.heard).toEqual([en.feedbackThanks("fair")]);
    const after = await db.call.findUniqueOrThrow({ where: { callUuid: c.callUuid }, include: { feedback: true } });
    expect(after.feedback?.rating).toBe(2);
    expect(after).toMatchObject({ status: "COMPLETED", duration: 120 });
    expect(after.endedAt?.getTime()).toBe(ended.endedAt?.getTime());
  });

  it("a repeated hangup callback closes the call once and releases the agent", async () => {
    const c = new Caller();
    await c.answer();
    await c.press("1");
    await c.press("2");
    const agent = await db.agent.findUniqueOrThrow({ where: { phone: c.dial.number } });
    expect(agent.status).toBe("BUSY");
    // The caller hangs up while the agent's phone rings: no dial result ever arrives.
    await c.hangup(15, "NORMAL_CLEARING");
    await c.hangup(16, "NORMAL_CLEARING");
    const call = await db.call.findUniqueOrThrow({ where: { callUuid: c.callUuid } });
    expect(call).toMatchObject({ status: "ABANDONED", duration: 15 });
    expect(await db.callEvent.count({ where: { callId: call.id, type: "call.ended" } })).toBe(1);
    expect((await db.agent.findUniqueOrThrow({ where: { id: agent.id } })).status).toBe("AVAILABLE");
  });

  it("a menu webhook for a call we never saw creates it and safely restarts at the language question", async () => {
    const c = new Caller();
    const res = await send(plivoRequest("/ivr/action?a=0", { ...c.base, Digits: "2" }));
    expect(res.status).toBe(200);
    const tree = parseXml(res.xml);
    expect(speakTexts(tree)).toEqual(["For English, press 1.", "Para español, oprima 2."]);
    const call = await db.call.findUniqueOrThrow({ where: { callUuid: c.callUuid } });
    expect(call).toMatchObject({ step: "LANGUAGE", status: "IN_IVR" });
    // No agent was claimed for a caller who never chose a language.
    expect(call.agentId).toBeNull();
  });

  it("a rating key for a call that never reached an agent stores nothing", async () => {
    const c = new Caller();
    await c.answer();
    await c.press("1");
    const res = await send(plivoRequest("/ivr/feedback?a=0", { ...c.base, Digits: "4" }));
    expect(speakTexts(parseXml(res.xml))).toEqual([en.goodbye]);
    const call = await db.call.findUniqueOrThrow({ where: { callUuid: c.callUuid }, include: { feedback: true } });
    expect(call.feedback).toBeNull();
  });

  it("an outbound call nobody answered is recorded as FAILED from its hangup alone", async () => {
    const c = new Caller({ direction: "outbound", from: "+14155550000", to: "+13125550888" });
    await c.hangup(0, "NO_ANSWER", "no-answer");
    const call = await db.call.findUniqueOrThrow({ where: { callUuid: c.callUuid }, include: { customer: true } });
    expect(call).toMatchObject({ status: "FAILED", direction: "OUTBOUND", hangupCause: "NO_ANSWER", answeredAt: null });
    expect(call.customer?.phone).toBe("+13125550888");
  });

  it("a call we placed is found again by Plivo's request UUID when its answer URL arrives", async () => {
    const placed = await db.call.create({
      data: { callUuid: "placeholder-req-77", requestUuid: "req-77", direction: "OUTBOUND", from: "+14155550000", to: "+13125550111", status: "RINGING" },
    });
    const c = new Caller({ direction: "outbound", from: "+14155550000", to: "+13125550111" });
    c.base.RequestUUID = "req-77";
    await c.answer();
    const call = await db.call.findUniqueOrThrow({ where: { id: placed.id } });
    expect(call).toMatchObject({ callUuid: c.callUuid, status: "IN_IVR", step: "LANGUAGE" });
    expect(call.answeredAt).not.toBeNull();
    expect(await db.call.count({ where: { to: "+13125550111" } })).toBe(1);
  });

  it("/ivr/menu?lang= presets the language (an outbound call to a known customer skips level 1)", async () => {
    const c = new Caller({ direction: "outbound", from: "+14155550000", to: "+13125550999" });
    const res = await send(plivoRequest("/ivr/menu?lang=es", c.base, { method: "GET" }));
    expect(speakTexts(parseXml(res.xml))).toEqual([PROMPTS.es!.actionMenu]);
    expect((await db.call.findUniqueOrThrow({ where: { callUuid: c.callUuid } })).languageCode).toBe("es");
  });
});

describe("errors never reach the caller as an error page", () => {
  it("an unexpected failure never leaves the caller in silence: 'one moment' and a retry keeping the key, then the apology", async () => {
    const logged: unknown[] = [];
    vi.spyOn(log, "error").mockImplementation(((obj: unknown) => void logged.push(obj)) as never);
    const broken = ivrRoute(
      "action",
      async () => {
        throw new Error("database went away");
      },
      { receipts: true, audience: "caller" },
    );
    const c = new Caller();
    await c.answer();
    await c.press("1");
    const res = await broken(plivoRequest("/ivr/action?a=0", { ...c.base, Digits: "2" }));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/xml");
    const tree = parseXml(await res.text());
    expect(speakTexts(tree)).toEqual([en.oneMoment]);
    const retryUrl = tree.children.at(-1)?.text ?? "";
    expect(tree.children.at(-1)?.name).toBe("Redirect");
    expect(Object.fromEntries(new URL(retryUrl).searchParams)).toMatchObject({ a: "0", rt: "1", rd: "2" });
    expect(logged).toContainEqual(expect.objectContaining({ callUuid: c.callUuid, route: "action", err: "database went away" }));
    // The failed delivery left no receipt behind, so the retry runs the flow again instead of replaying an apology.
    expect(await db.webhookReceipt.count({ where: { key: { startsWith: `${c.callUuid}|action` } } })).toBe(0);

    // Plivo follows the Redirect (no Digits in its body); the second failure retries once more, the third apologises.
    const second = parseXml(await (await broken(plivoRequest(retryUrl, c.base))).text());
    const third = parseXml(await (await broken(plivoRequest(second.children.at(-1)?.text ?? "", c.base))).text());
    expect(speakTexts(second)).toEqual([en.oneMoment]);
    expect(speakTexts(third)).toEqual([en.apology]);
    expect(third.children.at(-1)?.name).toBe("Hangup");
  });

  it("a retried step's key press reaches the flow: the redirect's rd=2 routes to an agent like the original press", async () => {
    const c = new Caller();
    await c.answer();
    await c.press("1");
    const res = await send(plivoRequest("/ivr/action?a=0&rt=1&rd=2", c.base));
    expect(elementNames(parseXml(res.xml))).toContain("Dial");
  });

  it("a signed request without a CallUUID gets a polite hangup, not an error", async () => {
    const res = await send(plivoRequest("/ivr/language", { From: "+12025550100", Digits: "1" }));
    expect(res.status).toBe(200);
    expect(parseXml(res.xml).children.at(-1)?.name).toBe("Hangup");
  });
});
