// Whole calls through the real route handlers and the real routing, on a private seeded database: the message
// path, the agent + rating path (with a missed agent and the queue), invalid keys, silence and three failures.
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { getDb, type Db } from "@/lib/db/client";
import { seedDatabase } from "@/lib/db/seed";
import { PROMPTS } from "@/lib/ivr/prompts";
import { Caller } from "./ivr-harness";

const published = vi.hoisted(() => [] as Array<{ name: string; payload: Record<string, unknown> }>);
vi.mock("@/lib/realtime/publish", () => ({
  publish: vi.fn(async (name: string, payload: Record<string, unknown>) => {
    published.push({ name, payload });
    return null;
  }),
}));

const en = PROMPTS.en!;
const es = PROMPTS.es!;
let db: Db;

async function eventTypes(callUuid: string): Promise<string[]> {
  const call = await db.call.findUniqueOrThrow({ where: { callUuid } });
  const events = await db.callEvent.findMany({ where: { callId: call.id }, orderBy: { id: "asc" } });
  return events.map((e) => e.type);
}

async function callOf(c: Caller) {
  return db.call.findUniqueOrThrow({ where: { callUuid: c.callUuid }, include: { customer: true, feedback: true } });
}

beforeAll(async () => {
  db = await getDb();
  await seedDatabase(db, { email: "sup@example.com", password: "password1" });
});

beforeEach(async () => {
  // Every test starts with the whole floor available.
  await db.agent.updateMany({ data: { status: "AVAILABLE", currentCallId: null, consecutiveMisses: 0 } });
});

describe("message path", () => {
  it("English: language, then 1, hears the recording and a goodbye, no rating; hangup closes it COMPLETED", async () => {
    const c = new Caller();
    await c.answer();
    expect(c.heard).toEqual(["For English, press 1.", "Para español, oprima 2."]);
    let call = await callOf(c);
    expect(call).toMatchObject({ status: "IN_IVR", step: "LANGUAGE", direction: "INBOUND", from: c.base.From });
    expect(call.customer?.phone).toBe(c.base.From);
    expect(call.answeredAt).not.toBeNull();

    await c.press("1");
    expect(c.heard).toEqual([en.actionMenu]);
    call = await callOf(c);
    expect(call).toMatchObject({ step: "MENU", languageCode: "en" });
    expect(call.customer?.preferredLanguage).toBe("en");

    await c.press("1");
    expect(c.elements).toEqual(["Response", "Play", "Speak", "Hangup"]);
    expect(c.tree.children[0]?.text).toMatch(/\/audio\/message-en\.wav$/);
    expect(c.heard).toEqual([en.goodbye]);

    await c.hangup(31, "NORMAL_CLEARING");
    call = await callOf(c);
    expect(call).toMatchObject({ status: "COMPLETED", step: "MESSAGE", duration: 31, hangupCause: "NORMAL_CLEARING" });
    expect(call.endedAt).not.toBeNull();
    expect(call.feedback).toBeNull();
    expect(await eventTypes(c.callUuid)).toEqual([
      "call.started",
      "step",
      "language.selected",
      "step",
      "message.played",
      "step",
      "call.ended",
    ]);
    // The dashboard was told about every step of this call.
    const steps = published.filter((p) => p.name === "call.changed" && p.payload.callUuid === c.callUuid).map((p) => p.payload.step);
    expect(steps).toEqual(["LANGUAGE", "MENU", "MESSAGE", "MESSAGE"]);
  });

  it("Spanish: the menu and goodbye are in Spanish with the Spanish recording; GET answer URL works too", async () => {
    const c = new Caller();
    await c.answer("GET");
    await c.press("2");
    expect(c.heard).toEqual([es.actionMenu]);
    expect(c.tree.children[0]?.children[0]?.attrs.language).toBe("es-US");
    await c.press("1");
    expect(c.tree.children[0]?.text).toMatch(/\/audio\/message-es\.wav$/);
    expect(c.heard).toEqual([es.goodbye]);
    expect((await callOf(c)).customer?.preferredLanguage).toBe("es");
  });

  it("an outbound call (we placed it) files the customer under the number we called", async () => {
    const c = new Caller({ direction: "outbound", from: "+14155550000", to: "+13125550777" });
    await c.answer();
    const call = await callOf(c);
    expect(call.direction).toBe("OUTBOUND");
    expect(call.customer?.phone).toBe("+13125550777");
  });
});

describe("agent path", () => {
  it("routes to an English agent, tracks the agent leg, asks for a rating, stores it and closes the call", async () => {
    const c = new Caller();
    await c.answer();
    await c.press("1");
    await c.press("2");
    expect(c.heard).toEqual([en.connecting]);
    const agent = await db.agent.findUniqueOrThrow({ where: { phone: c.dial.number }, include: { languages: true } });
    expect(agent.languages.map((l) => l.languageCode)).toContain("en");
    expect(agent.status).toBe("BUSY");
    let call = await callOf(c);
    expect(call).toMatchObject({ status: "CONNECTING", step: "AGENT", agentId: agent.id });

    await c.agentEvent("answer");
    call = await callOf(c);
    expect(call.status).toBe("CONNECTED");
    expect(call.agentConnectedAt).not.toBeNull();

    await c.dialEnds("completed", 95);
    expect(c.heard).toEqual([en.feedbackQuestion]);
    call = await callOf(c);
    expect(call).toMatchObject({ step: "FEEDBACK", agentTalkSeconds: 95 });
    // Released from the call into after-call work (AGENT_WRAP_UP_SECONDS, default 30 s), not straight to the next caller.
    expect((await db.agent.findUniqueOrThrow({ where: { id: agent.id } })).status).toBe("WRAP_UP");

    await c.press("4");
    expect(c.heard).toEqual([en.feedbackThanks("excellent")]);
    expect(c.elements.at(-1)).toBe("Hangup");
    const after = await db.agent.findUniqueOrThrow({ where: { id: agent.id } });
    expect(after.ratingCount).toBe(agent.ratingCount + 1);
    expect(after.ratingSum).toBe(agent.ratingSum + 4);
    expect(after.totalCalls).toBe(agent.totalCalls + 1);

    await c.hangup(140);
    call = await callOf(c);
    expect(call).toMatchObject({ status: "COMPLETED", step: "DONE", duration: 140 });
    expect(call.feedback).toMatchObject({ rating: 4, agentId: agent.id, callDuration: 95 });
    expect(await eventTypes(c.callUuid)).toEqual(
      expect.arrayContaining(["routing.assigned", "dial.started", "agent.answered", "dial.result", "feedback.rating", "call.ended"]),
    );
  });

  it("a Spanish caller gets a Spanish-speaking agent and a Spanish rating question", async () => {
    const c = new Caller();
    await c.answer();
    await c.press("2");
    await c.press("2");
    const agent = await db.agent.findUniqueOrThrow({ where: { phone: c.dial.number }, include: { languages: true } });
    expect(agent.languages.map((l) => l.languageCode)).toContain("es");
    await c.dialEnds("completed", 60);
    expect(c.heard).toEqual([es.feedbackQuestion]);
    await c.press("2");
    expect(c.heard).toEqual([es.feedbackThanks("regular")]);
  });

  it("an agent who does not answer is skipped: the caller is told and the next agent is dialled", async () => {
    const c = new Caller();
    await c.answer();
    await c.press("1");
    await c.press("2");
    const first = c.dial.number;
    await c.dialEnds("no-answer");
    expect(c.heard).toEqual([en.agentMissed]);
    expect(c.dial.number).not.toBe(first);
    expect(c.dial.action).toMatch(/d=1$/);
    const firstAgent = await db.agent.findUniqueOrThrow({ where: { phone: first } });
    expect(firstAgent.status).not.toBe("BUSY");
    await c.dialEnds("completed", 30);
    expect(c.heard).toEqual([en.feedbackQuestion]);
  });

  it("all agents busy: position and hold music, then connected when one frees up; waiting too long offers the message", async () => {
    await db.agent.updateMany({ data: { status: "OFFLINE" } });
    const c = new Caller();
    await c.answer();
    await c.press("1");
    await c.press("2");
    // Nobody staffed: no estimated wait to give (#18), the callback offer, hold music inside the key prompt.
    expect(c.heard).toEqual([en.allBusy(1), en.callbackOffer("1"), en.voicemailFromQueueOffer("2")]);
    expect(c.elements).toEqual(["Response", "GetDigits", "Speak", "Speak", "Speak", "Play", "Redirect"]);
    expect((await callOf(c)).status).toBe("QUEUED");

    await c.followRedirect();
    expect(c.heard).toEqual([en.stillWaiting(1), en.callbackOffer("1"), en.voicemailFromQueueOffer("2")]);

    await db.agent.update({ where: { phone: "+14155550108" }, data: { status: "AVAILABLE" } });
    await c.followRedirect();
    expect(c.dial.number).toBe("+14155550108");
    expect((await callOf(c)).status).toBe("CONNECTING");

    // A second caller waits past the maximum (moved back in time): offered the message instead.
    const late = new Caller();
    await late.answer();
    await late.press("1");
    await late.press("2");
    expect(late.heard).toEqual([en.allBusy(1), en.callbackOffer("1"), en.voicemailFromQueueOffer("2")]);
    await db.call.update({ where: { callUuid: late.callUuid }, data: { queuedAt: new Date(Date.now() - 3_600_000) } });
    await late.followRedirect();
    expect(late.heard).toEqual([en.gaveUp, en.goodbye]);
    await late.press("1");
    expect(late.heard).toEqual([en.goodbye]);
    expect(late.elements).toContain("Play");
  });
});

describe("bad input and silence", () => {
  it("an invalid key at each level is named in that level's language and the same question is asked again", async () => {
    const c = new Caller();
    await c.answer();
    await c.press("9");
    expect(c.heard).toEqual([en.invalidOption, es.invalidOption, "For English, press 1.", "Para español, oprima 2."]);
    expect((await callOf(c)).stepAttempts).toBe(1);
    await c.press("2");
    expect((await callOf(c)).stepAttempts).toBe(0);
    await c.press("5");
    expect(c.heard).toEqual([es.invalidOption, es.actionMenu]);
    await c.press("2");
    await c.dialEnds("completed", 20);
    await c.press("7");
    expect(c.heard).toEqual([es.invalidOption, es.feedbackQuestion]);
    await c.press("3");
    expect(c.heard).toEqual([es.feedbackThanks("buena")]);
  });

  it("silence re-asks the question, and at level 3 ends the call without a rating", async () => {
    const c = new Caller();
    await c.answer();
    await c.silence();
    expect(c.heard).toEqual([en.noInput, es.noInput, "For English, press 1.", "Para español, oprima 2."]);
    await c.press("1");
    await c.silence();
    expect(c.heard).toEqual([en.noInput, en.actionMenu]);
    await c.press("2");
    await c.dialEnds("completed", 45);
    await c.silence();
    expect(c.heard).toEqual([en.goodbye]);
    expect(c.elements.at(-1)).toBe("Hangup");
    await c.hangup();
    const call = await callOf(c);
    expect(call.feedback).toBeNull();
    expect(call.status).toBe("COMPLETED");
    expect(await eventTypes(c.callUuid)).toContain("feedback.skipped");
  });

  it("three failures at level 1 (invalid, silence, invalid): goodbye in both languages, hang up, ABANDONED", async () => {
    const c = new Caller();
    await c.answer();
    await c.press("7");
    await c.silence();
    expect((await callOf(c)).stepAttempts).toBe(2);
    await c.press("0");
    expect(c.heard).toEqual([en.tooManyAttempts, es.tooManyAttempts]);
    expect(c.elements).toEqual(["Response", "Speak", "Speak", "Hangup"]);
    await c.hangup(25);
    const call = await callOf(c);
    expect(call).toMatchObject({ step: "DONE", status: "ABANDONED", stepAttempts: 3 });
    const types = await eventTypes(c.callUuid);
    expect(types.filter((t) => t === "input.invalid")).toHaveLength(2);
    expect(types.filter((t) => t === "input.none")).toHaveLength(1);
    expect(types).toContain("input.max-attempts");
  });

  it("three failures at level 2 end the call in the chosen language", async () => {
    const c = new Caller();
    await c.answer();
    await c.press("2");
    await c.silence();
    await c.press("9");
    await c.silence();
    expect(c.heard).toEqual([es.tooManyAttempts]);
    expect(c.elements.at(-1)).toBe("Hangup");
  });

  it("a caller who hangs up while queued is ABANDONED and leaves the queue", async () => {
    await db.agent.updateMany({ data: { status: "OFFLINE" } });
    const c = new Caller();
    await c.answer();
    await c.press("1");
    await c.press("2");
    await c.hangup(50, "NORMAL_CLEARING");
    expect((await callOf(c)).status).toBe("ABANDONED");
  });
});
