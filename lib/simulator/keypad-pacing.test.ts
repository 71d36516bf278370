// The browser phone's timing: with sound off, speech is paced (scaled) so a tester has the prompt's length to
// press; a key pressed mid-prompt cuts it short (barge-in); "awaiting-key" marks where the timeout starts; real
// media playback replaces pacing only when it actually plays.
import { afterEach, describe, expect, it } from "vitest";
import { KeypadCaller } from "./callers";
import { startFakeWebhookServer, TEST_AUTH_TOKEN } from "../../tests/support/fake-webhook-server";
import { createSigningTransport } from "./signing-transport";
import { simulateCall, speechSeconds, type SimEvent, type SimulateCallOptions } from "./simulate-call";

const SCALE = 0.01; // 100 simulated seconds = 1 s
let server: Awaited<ReturnType<typeof startFakeWebhookServer>> | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const PROMPT = "To hear a message, press 1. To talk to a live agent, press 2.";

async function call(caller: KeypadCaller, extra: Partial<SimulateCallOptions>, onEvent?: (e: SimEvent) => void) {
  server = await startFakeWebhookServer({
    "/ivr/start": () =>
      `<Response><GetDigits action="${server!.base}/ivr/action" numDigits="1" timeout="6" validDigits="12"><Speak>${PROMPT}</Speak><Speak>Second sentence.</Speak></GetDigits><Hangup/></Response>`,
    "/ivr/action": (p) => `<Response><Speak>You chose ${p.Digits}</Speak><Hangup/></Response>`,
    "/plivo/callback": () => "",
  });
  return simulateCall({
    transport: createSigningTransport({ authToken: TEST_AUTH_TOKEN }),
    answerUrl: `${server.base}/ivr/start`,
    hangupUrl: `${server.base}/plivo/callback`,
    from: "+14155550100",
    to: "+14155550199",
    caller,
    timeScale: SCALE,
    onEvent,
    ...extra,
  });
}

const at = (events: SimEvent[], type: SimEvent["type"]) => events.find((e) => e.type === type)?.at;

describe("paced speech and barge-in", () => {
  it("estimates speech at about 150 words a minute", () => {
    expect(speechSeconds(PROMPT)).toBe(5.6); // 14 words
    expect(speechSeconds("Hi")).toBe(0.5);
  });

  it("without a key: the whole prompt is said (paced), then the timeout runs from awaiting-key", async () => {
    const result = await call(new KeypadCaller(), { speakSeconds: () => 100 });
    expect(at(result.events, "awaiting-key")).toBeGreaterThanOrEqual(200_000); // two sentences of 100 s
    expect(at(result.events, "no-input")).toBeGreaterThanOrEqual(206_000);
    expect(result.pressed).toEqual([]);
  });

  it("a key pressed mid-sentence stops the prompt at once and is submitted", async () => {
    const caller = new KeypadCaller();
    const result = await call(caller, { speakSeconds: () => 100 }, (e) => {
      // Pressed once the sentence is being said (its paced wait has started in this same turn), not after a guessed
      // number of milliseconds: no wall-clock assumption.
      if (e.type === "speak" && e.text === PROMPT) queueMicrotask(() => caller.press("2"));
    });
    expect(result.pressed).toEqual(["2"]);
    expect(result.heard).not.toContain("Second sentence.");
    expect(at(result.events, "awaiting-key")).toBeUndefined(); // the key was already there
    expect(at(result.events, "digits")).toBeLessThan(60_000);
    expect(result.heard.at(-1)).toBe("You chose 2");
  });

  it("media that declines (sound off) is paced; media that plays takes its own time", async () => {
    const declined = await call(new KeypadCaller(), { speakSeconds: () => 100, media: () => null });
    expect(at(declined.events, "awaiting-key")).toBeGreaterThanOrEqual(200_000);
    const played = await call(new KeypadCaller(), { speakSeconds: () => 100, media: () => Promise.resolve() });
    expect(at(played.events, "awaiting-key")).toBeLessThan(10_000);
  });
});
