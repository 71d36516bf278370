// Never stuck (#14), through the real route handlers: Dial cancel, SIP callers, a `"` in To, numbers without `+`,
// stuck receipts taken over, a busy SQLite bounded at ~2 s with speech (never silence), status callbacks that
// always answer 200 and retry in process.
import { createRequire } from "node:module";
import { XMLValidator } from "fast-xml-parser";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { GET as health } from "@/app/api/health/route";
import { getDb, type Db } from "@/lib/db/client";
import { seedDatabase } from "@/lib/db/seed";
import { hangup } from "@/lib/ivr/flow";
import { ivrRoute } from "@/lib/ivr/ivr-route";
import { PROMPTS } from "@/lib/ivr/prompts";
import { liveRouting } from "@/lib/ivr/routing-port";
import { receiptKey } from "@/lib/ivr/with-receipt";
import { ivrQuery, plivoCallParams } from "@/lib/ivr/webhook-params";
import { elementNames, parseXml } from "../support/xml-tree";
import { Caller, plivoRequest, send, speakTexts } from "./ivr-harness";

vi.mock("@/lib/realtime/publish", () => ({ publish: vi.fn(async () => null) }));

const en = PROMPTS.en!;
let db: Db;

beforeAll(async () => {
  db = await getDb();
  await seedDatabase(db, { email: "sup@example.com", password: "password1" });
});
beforeEach(async () => {
  await db.agent.updateMany({ data: { status: "AVAILABLE", currentCallId: null, consecutiveMisses: 0 } });
});

const callOf = (c: Caller) => db.call.findUniqueOrThrow({ where: { callUuid: c.callUuid }, include: { customer: true, feedback: true } });

async function toAgent(c: Caller) {
  await c.answer();
  await c.press("1");
  await c.press("2");
  expect(c.elements).toContain("Dial");
  return (await callOf(c)).agentId!;
}

describe("Dial cancel: the caller hung up while the agent's phone rang", () => {
  it("hangs up the caller's leg, releases the agent without a miss, and the hangup closes the call ABANDONED", async () => {
    const c = new Caller();
    const agentId = await toAgent(c);
    await db.agent.update({ where: { id: agentId }, data: { consecutiveMisses: 1 } });
    const res = await send(plivoRequest(c.dial.action, { ...c.base, DialStatus: "cancel", DialHangupCause: "ORIGINATOR_CANCEL" }));
    expect(elementNames(parseXml(res.xml))).toEqual(["Response", "Hangup"]);
    expect(await db.agent.findUniqueOrThrow({ where: { id: agentId } })).toMatchObject({ status: "AVAILABLE", consecutiveMisses: 1, currentCallId: null });
    await c.hangup(12, "ORIGINATOR_CANCEL");
    expect((await callOf(c)).status).toBe("ABANDONED");
    expect((await db.agent.findUniqueOrThrow({ where: { id: agentId } })).consecutiveMisses).toBe(1);
  });
});

describe("Plivo's real parameters", () => {
  it("a SIP caller dialling a long SIP address walks the whole IVR: agent, rating, hangup", async () => {
    const to = "sip:support-line-with-a-long-name-0123456789@app.sip.example-company-domain.com";
    expect(to.length).toBeGreaterThan(64);
    const c = new Caller({ from: "sip:alice1234@phone.plivo.com", to });
    await toAgent(c);
    await c.agentEvent("answer");
    await c.dialEnds("completed", 30);
    expect(c.heard).toEqual([en.feedbackQuestion]);
    await c.press("4");
    await c.hangup();
    const call = await callOf(c);
    expect(call).toMatchObject({ from: "sip:alice1234@phone.plivo.com", to, status: "COMPLETED" });
    expect(call.customer?.phone).toBe("sip:alice1234@phone.plivo.com");
    expect(call.feedback?.rating).toBe(4);
  });

  it('a `"` in To (our callerId on the Dial) still yields well-formed XML', async () => {
    const c = new Caller({ to: '+1415"/><Hangup/><x y="' });
    await c.answer();
    await c.press("1");
    const res = await send(plivoRequest(new URL(parseXml(c.xml).children[0]!.attrs.action!).toString(), { ...c.base, Digits: "2" }));
    expect(XMLValidator.validate(res.xml)).toBe(true);
    const tree = parseXml(res.xml);
    expect(elementNames(tree)).toEqual(["Response", "Speak", "Dial", "Number"]);
    expect(tree.children[1]?.attrs.callerId).toBe('+1415"/><Hangup/><x y="');
  });

  it("an inbound number without `+` is the same customer as the +E.164 one", async () => {
    const a = new Caller({ from: "14155550177" });
    const b = new Caller({ from: "+14155550177" });
    await a.answer();
    await b.answer();
    const [ca, cb] = [await callOf(a), await callOf(b)];
    expect(ca.from).toBe("+14155550177");
    expect(ca.customerId).toBe(cb.customerId);
  });
});

describe("stuck receipts", () => {
  function keyFor(c: Caller, digits: string, url: string) {
    const q = Object.fromEntries(new URL(url).searchParams);
    return receiptKey("language", plivoCallParams.parse({ ...c.base, Digits: digits }), ivrQuery.parse(q));
  }

  it("a receipt left pending by a delivery that died is taken over by the redelivery, which answers the step", async () => {
    const c = new Caller();
    await c.answer();
    const action = parseXml(c.xml).children[0]!.attrs.action!;
    await db.webhookReceipt.create({ data: { key: keyFor(c, "1", action), response: "", createdAt: new Date(Date.now() - 10_000) } });
    await c.press("1");
    expect(c.heard).toEqual([en.actionMenu]);
  });

  it("a pending receipt of a live delivery gets 'one moment' and a retry carrying the key, never silence", async () => {
    const c = new Caller();
    await c.answer();
    const action = parseXml(c.xml).children[0]!.attrs.action!;
    await db.webhookReceipt.create({ data: { key: keyFor(c, "1", action), response: "" } });
    const res = await send(plivoRequest(action, { ...c.base, Digits: "1" }));
    const tree = parseXml(res.xml);
    expect(speakTexts(tree).length).toBeGreaterThan(0);
    const redirect = tree.children.at(-1)!;
    expect(redirect.name).toBe("Redirect");
    expect(new URL(redirect.text).searchParams.get("rd")).toBe("1");
  }, 10_000);
});

describe("status callbacks always answer 200", () => {
  it("a hangup whose release fails answers 200 and is retried in process until the agent is free", async () => {
    const c = new Caller();
    const agentId = await toAgent(c);
    let failures = 1;
    const flaky = ivrRoute("hangup", hangup, {
      receipts: false,
      audience: "callback",
      routing: {
        ...liveRouting,
        releaseCall: async (d, input) => {
          if (failures-- > 0) throw new Error("database is locked");
          return liveRouting.releaseCall(d, input);
        },
      },
    });
    const res = await flaky(plivoRequest("/plivo/callback", { ...c.base, CallStatus: "completed", Duration: "5", HangupCause: "NORMAL_CLEARING" }));
    expect(res.status).toBe(200);
    expect((await db.agent.findUniqueOrThrow({ where: { id: agentId } })).status).toBe("BUSY");
    await vi.waitFor(async () => expect((await db.agent.findUniqueOrThrow({ where: { id: agentId } })).status).toBe("AVAILABLE"), { timeout: 4000, interval: 100 });
  });
});

describe.skipIf(!process.env.DATABASE_URL!.startsWith("file:"))("a busy SQLite never leaves a caller in silence", () => {
  it("while another process holds the write lock, a key press gets speech within ~2 s and health reads are not held up", async () => {
    const c = new Caller();
    await c.answer();
    let retryUrl = "";
    const Database = createRequire(import.meta.url)("better-sqlite3") as new (path: string) => { exec(sql: string): void; close(): void };
    const other = new Database(process.env.DATABASE_URL!.replace(/^file:/, ""));
    other.exec("BEGIN IMMEDIATE"); // another process's long exclusive write transaction
    try {
      const started = Date.now();
      const healthRes = health();
      const press = send(plivoRequest(parseXml(c.xml).children[0]!.attrs.action!, { ...c.base, Digits: "1" }));
      expect((await healthRes).status).toBe(200);
      const healthMs = Date.now() - started;
      const res = await press;
      const ms = Date.now() - started;
      const tree = parseXml(res.xml);
      expect(res.status).toBe(200);
      expect(speakTexts(tree)).toEqual([en.oneMoment, es.oneMoment]); // language not chosen yet: every language
      retryUrl = tree.children.at(-1)!.text;
      expect(new URL(retryUrl).searchParams.get("rd")).toBe("1");
      expect(ms).toBeGreaterThanOrEqual(1_900);
      expect(ms).toBeLessThan(4_000);
      expect(healthMs).toBeLessThan(1_000);
    } finally {
      other.exec("ROLLBACK");
      other.close();
    }
    // The lock is gone: the retry the caller's phone makes answers the step with the key they pressed.
    const retried = await send(plivoRequest(retryUrl, c.base));
    expect(speakTexts(parseXml(retried.xml))).toEqual([en.actionMenu]);
  }, 15_000);
});

const es = PROMPTS.es!;
