// A whole after-hours call driven by the call simulator (the code the browser phone and `npm run simulate` use)
// through the real route handlers: the closed line, the voicemail offer, <Record> with its callbackUrl,
// transcriptionUrl and action. No protocol error; one Voicemail with the simulator's RecordUrl and transcription.
import { beforeAll, describe, expect, it, vi } from "vitest";

vi.mock("@/lib/realtime/publish", () => ({ publish: vi.fn(async () => null) }));

import * as afterHours from "@/app/ivr/after-hours/route";
import * as voicemailDone from "@/app/ivr/voicemail-done/route";
import * as voicemailRecorded from "@/app/ivr/voicemail-recorded/route";
import * as voicemailRoute from "@/app/ivr/voicemail/route";
import * as transcription from "@/app/ivr/voicemail-transcription/route";
import { getDb, type Db } from "@/lib/db/client";
import { seedDatabase } from "@/lib/db/seed";
import { env } from "@/lib/env";
import { PROMPTS } from "@/lib/ivr/prompts";
import { scriptedCaller } from "@/lib/simulator/callers";
import { simulateCall } from "@/lib/simulator/simulate-call";
import { SIMULATED_TRANSCRIPTION } from "@/lib/simulator/verbs/record";
import { encodeWebhookRequest, type Transport } from "@/lib/simulator/transport";
import { signedHeaders } from "@/lib/telephony/plivo-signature";
import { recordingSource } from "@/lib/voicemail/recording-source";
import { IVR_ROUTES } from "./ivr-harness";

Object.assign(IVR_ROUTES, {
  "/ivr/after-hours": afterHours,
  "/ivr/voicemail": voicemailRoute,
  "/ivr/voicemail-done": voicemailDone,
  "/ivr/voicemail-recorded": voicemailRecorded,
  "/ivr/voicemail-transcription": transcription,
});

const inProcess: Transport = async (request) => {
  const { url, body } = encodeWebhookRequest(request);
  const headers: Record<string, string> = signedHeaders({ method: request.method, url, params: request.method === "POST" ? request.params : {}, authToken: env().plivo.authToken });
  if (body !== undefined) headers["content-type"] = "application/x-www-form-urlencoded";
  const handler = IVR_ROUTES[new URL(url).pathname]?.[request.method];
  if (!handler) return { status: 404, body: `no ${request.method} handler for ${new URL(url).pathname}` };
  const res = await handler(new Request(url, { method: request.method, headers, body }));
  return { status: res.status, body: await res.text() };
};

let db: Db;

beforeAll(async () => {
  db = await getDb();
  await seedDatabase(db, { email: "sup@example.com", password: "password1" });
  // Closed every day: whatever the time of the test run, the English line is after hours.
  for (let weekday = 1; weekday <= 7; weekday++) await db.businessHours.create({ data: { languageCode: "en", weekday, closed: true, opensAt: 0, closesAt: 0 } });
});

async function run(script: string[], recordSeconds?: number) {
  const base = env().publicBaseUrl;
  return simulateCall({
    transport: inProcess,
    answerUrl: `${base}/ivr/start`,
    hangupUrl: `${base}/plivo/callback`,
    from: "+12025550123",
    to: "+14155550000",
    caller: scriptedCaller(script),
    timeScale: 0.0005,
    playSeconds: 1,
    ...(recordSeconds !== undefined ? { recordSeconds } : {}),
  });
}

describe("simulated after-hours voicemail", () => {
  it("English, 1 to leave a message, speaks 5 s: stored once with duration, a servable RecordUrl and the transcription", async () => {
    const r = await run(["1", "1", "wait"], 5);
    expect(r.errors.map((e) => e.toJSON())).toEqual([]);
    expect(r.heard).toContain(PROMPTS.en!.voicemailThanks);
    expect(r.steps).toContain("voicemail");
    const call = await db.call.findUniqueOrThrow({ where: { callUuid: r.callUuid }, include: { voicemails: true } });
    expect(call.outsideHours).toBe(true);
    expect(call.voicemails).toHaveLength(1);
    const v = call.voicemails[0]!;
    expect(v).toMatchObject({ durationSeconds: 5, transcription: SIMULATED_TRANSCRIPTION, status: "NEW", languageCode: "en" });
    expect(recordingSource(v.recordingUrl)).toEqual({ kind: "simulated" });
  });

  it("# ends the recording early", async () => {
    const r = await run(["1", "1", "#"], 30);
    expect(r.errors).toEqual([]);
    const v = await db.voicemail.findFirstOrThrow({ where: { call: { callUuid: r.callUuid } } });
    expect(v.durationSeconds).toBeLessThan(30);
  });
});
