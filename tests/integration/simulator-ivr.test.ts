// Whole calls through the real IVR route handlers (in-process) driven by the call simulator: the same code the
// browser phone and `npm run simulate` use. Any protocol problem between the two (a non-200, XML the simulator
// cannot execute, a rejected signature) makes the call "failed" with the offending response.
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { getDb, type Db } from "@/lib/db/client";
import { IVR_ROUTES } from "./ivr-harness";
import { seedDatabase } from "@/lib/db/seed";
import { env } from "@/lib/env";
import type { AgentBehaviour } from "@/lib/simulator/agent-behaviour";
import { scriptedCaller } from "@/lib/simulator/callers";
import { simulateCall, type CallResult } from "@/lib/simulator/simulate-call";
import { encodeWebhookRequest, type Transport } from "@/lib/simulator/transport";
import { signedHeaders } from "@/lib/telephony/plivo-signature";

vi.mock("@/lib/realtime/publish", () => ({ publish: vi.fn(async () => null) }));


/** Calls the exported route handlers directly, signed exactly as the Node transport signs for a real server. */
const inProcess: Transport = async (request) => {
  const { url, body } = encodeWebhookRequest(request);
  const headers: Record<string, string> = signedHeaders({
    method: request.method,
    url,
    params: request.method === "POST" ? request.params : {},
    authToken: env().plivo.authToken,
  });
  if (body !== undefined) headers["content-type"] = "application/x-www-form-urlencoded";
  const handler = IVR_ROUTES[new URL(url).pathname]?.[request.method];
  if (!handler) return { status: 404, body: `no ${request.method} handler for ${new URL(url).pathname}` };
  const res = await handler(new Request(url, { method: request.method, headers, body }));
  return { status: res.status, body: await res.text() };
};

let db: Db;
let n = 0;

beforeAll(async () => {
  db = await getDb();
  await seedDatabase(db, { email: "sup@example.com", password: "password1" });
});

beforeEach(async () => {
  await db.agent.updateMany({ data: { status: "AVAILABLE", currentCallId: null, consecutiveMisses: 0 } });
});

async function call(script: string[], agent: AgentBehaviour | ((i: number) => AgentBehaviour) = { kind: "answer", afterSeconds: 2, talkSeconds: 30 }): Promise<CallResult> {
  n++;
  const base = env().publicBaseUrl;
  const result = await simulateCall({
    transport: inProcess,
    answerUrl: `${base}/ivr/start`,
    hangupUrl: `${base}/plivo/callback`,
    from: `+1202555${String(3000 + n)}`,
    to: "+14155550000",
    caller: scriptedCaller(script),
    agent: typeof agent === "function" ? (d) => agent(d.dialIndex) : agent,
    timeScale: 0.0005,
    playSeconds: 1,
    maxRequests: 60,
  });
  if (result.errors.length > 0) console.error(result.errors.map((e) => e.toJSON()));
  return result;
}

const dbCall = (r: CallResult) => db.call.findUniqueOrThrow({ where: { callUuid: r.callUuid }, include: { feedback: true } });

describe("simulator through the real IVR", () => {
  it("English, talk to an agent, rate 4: completed with no protocol errors and the rating stored", async () => {
    const r = await call(["1", "2", "4"]);
    expect(r.errors.map((e) => e.toJSON())).toEqual([]);
    expect(r.steps).toEqual(expect.arrayContaining(["start", "language", "action", "agent", "dial-result"]));
    expect(r.dialStatuses).toEqual(["completed"]);
    expect(r.pressed).toEqual(["1", "2", "4"]);
    const row = await dbCall(r);
    expect(row.feedback?.rating).toBe(4);
    expect(row.status).toBe("COMPLETED");
    expect(row.duration).toBe(r.durationSeconds);
  });

  it("Spanish, hear the message: the call ends without a Dial", async () => {
    const r = await call(["2", "1"]);
    expect(r.errors).toEqual([]);
    expect(r.dialStatuses).toEqual([]);
    expect(r.steps).not.toContain("agent");
    expect((await dbCall(r)).languageCode).toBe("es");
  });

  it("silence and an invalid key are re-asked, then the flow goes on", async () => {
    const r = await call(["wait", "9", "1", "1"]);
    expect(r.errors).toEqual([]);
    expect(r.pressed).toEqual(["1", "1"]);
    expect((await dbCall(r)).languageCode).toBe("en");
  });

  it("a busy agent, then one who answers: two Dials, the second completed", async () => {
    const r = await call(["1", "2", "3"], (i) => (i === 1 ? { kind: "busy" } : { kind: "answer", afterSeconds: 1, talkSeconds: 10 }));
    expect(r.errors).toEqual([]);
    expect(r.dialStatuses).toEqual(["busy", "completed"]);
    expect((await dbCall(r)).feedback?.rating).toBe(3);
  });

  it("a caller hanging up at the rating prompt leaves a finished call and a free agent", async () => {
    const r = await call(["1", "2", "hangup"]);
    expect(r.errors).toEqual([]);
    expect(r.hangupSource).toBe("Caller");
    const row = await dbCall(r);
    expect(row.endedAt).not.toBeNull();
    expect(row.feedback).toBeNull();
    expect(await db.agent.count({ where: { currentCallId: row.id } })).toBe(0);
  });
});
