// The interpreter against a fake webhook server returning XML built with the plivo SDK: what it requests, with
// which parameters and signatures, and how it reports what it cannot execute.
import { Response as PlivoResponse } from "plivo/dist/utils/plivoxml";
import { afterEach, describe, expect, it } from "vitest";
import { parseAgentBehaviour, type AgentBehaviour } from "./agent-behaviour";
import { scriptedCaller } from "./callers";
import { startFakeWebhookServer, TEST_AUTH_TOKEN, type Route } from "../../tests/support/fake-webhook-server";
import { createSigningTransport } from "./signing-transport";
import { simulateCall, type SimulateCallOptions } from "./simulate-call";

const SCALE = 0.001; // 5 s of GetDigits timeout = 5 ms
let current: Awaited<ReturnType<typeof startFakeWebhookServer>> | undefined;
const base = () => current!.base;
afterEach(async () => {
  await current?.close();
  current = undefined;
});

const xml = (build: (r: ReturnType<typeof newResponse>) => void) => {
  const r = newResponse();
  build(r);
  return r.toXML();
};
// The SDK's bundled typings declare most builder arguments as required and nested builders as `object`.
type Attrs = Record<string, string | number | boolean>;
type Nested = { addSpeak(text: string, attrs?: Attrs): Nested; addNumber(number: string, attrs?: Attrs): Nested };
type XmlResponse = Nested & {
  addGetDigits(attrs: Attrs): Nested;
  addDial(attrs: Attrs): Nested;
  addRedirect(url: string, attrs?: Attrs): Nested;
  addHangup(attrs?: Attrs): Nested;
  addWait(attrs: Attrs): Nested;
  addConference(room: string, attrs?: Attrs): Nested;
  addPreAnswer(): Nested;
  toXML(): string;
};
function newResponse(): XmlResponse {
  return new PlivoResponse() as unknown as XmlResponse;
}

async function run(routes: Record<string, Route>, script: string[], extra: Partial<SimulateCallOptions> = {}) {
  await current?.close();
  const server = await startFakeWebhookServer({ "/plivo/callback": () => "", ...routes });
  current = server;
  const result = await simulateCall({
    transport: createSigningTransport({ authToken: TEST_AUTH_TOKEN }),
    answerUrl: `${server.base}/ivr/start`,
    hangupUrl: `${server.base}/plivo/callback`,
    from: "+14155550100",
    to: "+14155550199",
    caller: scriptedCaller(script),
    timeScale: SCALE,
    ...extra,
  });
  return { result, server };
}

/** A two-level menu in the shape of our IVR: language, then action, with the Plivo-recommended fallbacks. */
function menuRoutes(): Record<string, Route> {
  return {
    "/ivr/start": () => xml((r) => r.addRedirect(`${base()}/ivr/language`)),
    "/ivr/language": () =>
      xml((r) => {
        const g = r.addGetDigits({ action: `${base()}/ivr/menu`, numDigits: 1, timeout: 5, validDigits: "12" });
        g.addSpeak("Press 1 for English, 2 for Spanish", { language: "en-US" });
        r.addSpeak("We did not get that.");
        r.addRedirect(`${base()}/ivr/language`);
      }),
    "/ivr/menu": (p) =>
      xml((r) => {
        r.addSpeak(`Language ${p.Digits}`, { language: p.Digits === "2" ? "es-US" : "en-US" });
        r.addHangup();
      }),
  };
}

describe("simulateCall", () => {
  it("follows Redirect and the GetDigits action, signing every request like Plivo", async () => {
    const { result, server } = await run(menuRoutes(), ["2"]);
    expect(result.errors).toEqual([]);
    expect(result.outcome).toBe("completed");
    expect(server.paths()).toEqual(["/ivr/start", "/ivr/language", "/ivr/menu", "/plivo/callback"]);
    expect(server.received.every((r) => r.signed)).toBe(true);
    const menu = server.received.find((r) => r.path === "/ivr/menu")!;
    expect(menu.params).toMatchObject({ Digits: "2", Direction: "inbound", From: "+14155550100", To: "+14155550199", CallStatus: "in-progress" });
    expect(menu.params.CallUUID).toBe(result.callUuid);
    expect(result.heard).toEqual(["Press 1 for English, 2 for Spanish", "Language 2"]);
    expect(result.events.find((e) => e.type === "speak" && e.text === "Language 2")).toMatchObject({ language: "es-US" });
    expect(result.steps).toEqual(["start", "language", "menu"]);
  });

  it("sends the hangup callback with Duration and HangupCause", async () => {
    const { server, result } = await run(
      { "/ivr/start": () => xml((r) => (r.addWait({ length: 3 }), r.addHangup({ reason: "busy" }))) },
      [],
    );
    const hangup = server.received.find((r) => r.path === "/plivo/callback")!;
    expect(hangup.signed).toBe(true);
    expect(hangup.params).toMatchObject({ CallUUID: result.callUuid, CallStatus: "completed", HangupCause: "USER_BUSY", Duration: "3", BillDuration: "3" });
    expect(result.durationSeconds).toBe(3);
  });

  it("continues with the NEXT element when GetDigits gets no input", async () => {
    const { result, server } = await run(menuRoutes(), ["wait", "1"]);
    expect(result.heard).toEqual([
      "Press 1 for English, 2 for Spanish",
      "We did not get that.",
      "Press 1 for English, 2 for Spanish",
      "Language 1",
    ]);
    expect(server.paths()).toEqual(["/ivr/start", "/ivr/language", "/ivr/language", "/ivr/menu", "/plivo/callback"]);
    // The 5 s timeout counted as call time even though it took 5 ms.
    expect(result.durationSeconds).toBeGreaterThanOrEqual(5);
  });

  it("replays the prompt for each retry and only then moves on", async () => {
    const routes: Record<string, Route> = {
      "/ivr/start": () =>
        xml((r) => {
          r.addGetDigits({ action: `${base()}/ivr/menu`, retries: 2, numDigits: 1 }).addSpeak("Choose");
          r.addSpeak("Goodbye");
        }),
      "/ivr/menu": (p) => xml((r) => r.addSpeak(`got ${p.Digits}`)),
    };
    const { result } = await run(routes, ["wait", "4"]);
    expect(result.heard).toEqual(["Choose", "Choose", "got 4"]);
    const second = await run(routes, ["wait", "wait"]);
    expect(second.result.heard).toEqual(["Choose", "Choose", "Goodbye"]);
  });

  it("treats a digit outside validDigits as no valid input (nothing posted, next element runs)", async () => {
    const { result, server } = await run(menuRoutes(), ["9", "1"]);
    expect(server.paths().filter((p) => p === "/ivr/menu")).toHaveLength(1);
    expect(server.received.find((r) => r.path === "/ivr/menu")!.params.Digits).toBe("1");
    expect(result.events.filter((e) => e.type === "digits").map((e) => e.type === "digits" && [e.digits, e.valid])).toEqual([
      ["9", false],
      ["1", true],
    ]);
    expect(result.heard).toContain("We did not get that.");
  });

  it("stops at finishOnKey (not submitted) and at numDigits", async () => {
    const routes: Record<string, Route> = {
      "/ivr/start": () => xml((r) => r.addGetDigits({ action: `${base()}/ivr/pin`, numDigits: 4 }).addSpeak("PIN")),
      "/ivr/pin": () => xml((r) => r.addGetDigits({ action: `${base()}/ivr/two`, numDigits: 2, finishOnKey: "none" }).addSpeak("two")),
      "/ivr/two": () => xml((r) => r.addHangup()),
    };
    const { server } = await run(routes, ["12#", "5678"]);
    expect(server.received.find((r) => r.path === "/ivr/pin")!.params.Digits).toBe("12");
    expect(server.received.find((r) => r.path === "/ivr/two")!.params.Digits).toBe("56");
  });

  it("uses GET with the parameters in the query when method=GET, still signed", async () => {
    const routes: Record<string, Route> = {
      "/ivr/start": () => xml((r) => r.addGetDigits({ action: `${base()}/ivr/menu?lang=en`, method: "GET", numDigits: 1 })),
      "/ivr/menu": () => xml((r) => r.addHangup()),
    };
    const { server } = await run(routes, ["3"]);
    const menu = server.received.find((r) => r.path === "/ivr/menu")!;
    expect(menu.method).toBe("GET");
    expect(menu.params).toMatchObject({ Digits: "3", lang: "en" });
    expect(menu.signed).toBe(true);
  });

  describe("Dial", () => {
    const dialRoutes = (timeout = 20): Record<string, Route> => ({
      "/ivr/start": () =>
        xml((r) =>
          r
            .addDial({ action: `${base()}/ivr/dial-result`, timeout, callbackUrl: `${base()}/ivr/dial-events` })
            .addNumber("+14155550123"),
        ),
      "/ivr/dial-events": () => "",
      "/ivr/dial-result": () => xml((r) => r.addSpeak("Rate your call")),
    });

    it.each<[string, string, string, string]>([
      ["answer:1:4", "completed", "NORMAL_CLEARING", "answer,hangup"],
      ["answer:30:4", "no-answer", "NO_ANSWER", "hangup"], // rings past the 20 s Dial timeout
      ["no-answer", "no-answer", "NO_ANSWER", "hangup"],
      ["busy", "busy", "USER_BUSY", "hangup"],
      ["failed", "failed", "UNALLOCATED_NUMBER", "hangup"],
    ])("agent %s -> DialStatus %s", async (spec, status, cause, events) => {
      const agent: AgentBehaviour = parseAgentBehaviour(spec);
      const { result, server } = await run(dialRoutes(), [], { agent });
      expect(result.errors).toEqual([]);
      const action = server.received.find((r) => r.path === "/ivr/dial-result")!;
      expect(action.params).toMatchObject({ DialStatus: status, DialHangupCause: cause, DialALegUUID: result.callUuid });
      expect(Boolean(action.params.DialBLegUUID)).toBe(status === "completed");
      const callbacks = server.received.filter((r) => r.path === "/ivr/dial-events");
      expect(callbacks.map((c) => c.params.DialAction).join(",")).toBe(events);
      expect(callbacks.every((c) => c.signed)).toBe(true);
      expect(result.heard).toEqual(["Rate your call"]);
      expect(result.steps).toContain("agent");
    });

    it("counts ring and talk time into the call's Duration", async () => {
      const { result, server } = await run(dialRoutes(), [], { agent: { kind: "answer", afterSeconds: 3, talkSeconds: 40 } });
      const hangupEvent = server.received.find((r) => r.path === "/ivr/dial-events" && r.params.DialAction === "hangup")!;
      expect(hangupEvent.params.DialBLegDuration).toBe("40");
      expect(result.durationSeconds).toBeGreaterThanOrEqual(43);
    });

    it("asks an agent function at every Dial", async () => {
      let n = 0;
      const routes: Record<string, Route> = {
        ...dialRoutes(),
        "/ivr/dial-result": (p) => xml((r) => (p.DialStatus === "completed" ? r.addHangup() : r.addRedirect(`${base()}/ivr/start`))),
      };
      const { result } = await run(routes, [], { agent: () => (++n === 1 ? { kind: "busy" } : { kind: "answer", afterSeconds: 0, talkSeconds: 1 }) });
      expect(result.dialStatuses).toEqual(["busy", "completed"]);
    });
  });

  describe("failures are reported with the offending response", () => {
    it("an element Plivo does not have", async () => {
      const body = "<Response><Speak>hi</Speak><Say>twilio dialect</Say></Response>";
      const { result, server } = await run({ "/ivr/start": () => body }, []);
      expect(result.outcome).toBe("failed");
      expect(result.errors[0]).toMatchObject({ kind: "unknown-element", response: { status: 200, body } });
      expect(result.errors[0]!.message).toContain("<Say>");
      expect(result.heard).toEqual([]); // the document is checked before anything runs, as Plivo does
      expect(server.paths()).toContain("/plivo/callback"); // the call still ends properly
    });

    it("malformed XML", async () => {
      const { result } = await run({ "/ivr/start": () => "<Response><Speak>unclosed</Response>" }, []);
      expect(result.errors[0]).toMatchObject({ kind: "malformed-xml", response: { body: "<Response><Speak>unclosed</Response>" } });
    });

    it("a non-200 answer", async () => {
      const { result } = await run(
        { ...menuRoutes(), "/ivr/menu": () => ({ status: 500, body: "Internal Server Error" }) },
        ["1"],
      );
      expect(result.outcome).toBe("failed");
      expect(result.errors[0]).toMatchObject({ kind: "http-status", response: { status: 500, body: "Internal Server Error" } });
      expect(result.errors[0]!.request?.url).toMatch(/\/ivr\/menu$/);
    });

    it("a failing hangup callback", async () => {
      const { result } = await run({ "/ivr/start": () => xml((r) => r.addHangup()), "/plivo/callback": () => ({ status: 403, body: "bad signature" }) }, []);
      expect(result.outcome).toBe("failed");
      expect(result.errors[0]).toMatchObject({ kind: "http-status", response: { status: 403 } });
    });

    it("a redirect loop", async () => {
      const { result } = await run({ "/ivr/start": () => xml((r) => r.addRedirect(`${base()}/ivr/start`)) }, [], { maxRequests: 20 });
      expect(result.errors[0]).toMatchObject({ kind: "loop-limit" });
    });
  });

  it("a caller hanging up mid-prompt ends the call with HangupSource Caller", async () => {
    const { result, server } = await run(menuRoutes(), ["hangup"]);
    expect(result.outcome).toBe("completed");
    expect(server.received.at(-1)!.params).toMatchObject({ HangupSource: "Caller", HangupCause: "NORMAL_CLEARING" });
  });

  it("aborting the signal during a Wait hangs up (the phone page's Hang up button)", async () => {
    const controller = new AbortController();
    const promise = run({ "/ivr/start": () => xml((r) => r.addWait({ length: 60 })) }, [], { timeScale: 1, signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    const { result } = await promise;
    expect(result.hangupSource).toBe("Caller");
    expect(result.durationSeconds).toBeLessThan(5);
  });

  it("outbound calls post Direction=outbound with ALegUUID and ALegRequestUUID", async () => {
    const { server, result } = await run({ "/ivr/start": () => xml((r) => r.addHangup()) }, [], { direction: "outbound", requestUuid: "req-1" });
    expect(server.received[0]!.params).toMatchObject({ Direction: "outbound", ALegUUID: result.callUuid, ALegRequestUUID: "req-1" });
  });

  it("reports Conference and PreAnswer, which the app never emits, as unsupported instead of skipping them", async () => {
    for (const verb of [(r: XmlResponse) => r.addConference("hold-room"), (r: XmlResponse) => r.addPreAnswer()]) {
      const { result } = await run({ "/ivr/start": () => xml((r) => verb(r)) }, []);
      expect(result.outcome).toBe("failed");
      expect(result.errors[0]!.kind).toBe("unknown-element");
      expect(result.errors[0]!.message).toContain("not supported by the simulator");
    }
  });
});
