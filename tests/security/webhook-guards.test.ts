// The webhook front door (lib/telephony/webhook.ts) with this guards: a body over the budget is a 413
// without being read in full, and a signed request replayed after the retry window is refused while a retry
// inside it is answered exactly as the first time. Through the real route handlers, as Plivo would call them.
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { getDb, type Db } from "@/lib/db/client";
import { seedDatabase } from "@/lib/db/seed";
import { env } from "@/lib/env";
import { readBoundedText } from "@/lib/http/read-bounded-body";
import { signedHeaders } from "@/lib/telephony/plivo-signature";
import { checkNonce, pruneWebhookNonces } from "@/lib/telephony/replay-guard";
import { plivoRequest, send } from "../integration/ivr-harness";

vi.mock("@/lib/realtime/publish", () => ({ publish: vi.fn(async () => null) }));

let db: Db;
beforeAll(async () => {
  db = await getDb();
  await seedDatabase(db, { email: "sup@example.com", password: "password1" });
});
afterEach(() => {
  vi.useRealTimers();
});

/** A stream of `total` bytes in 16 KB chunks that counts how many bytes were pulled from it. */
function countingStream(total: number) {
  const pulled = { bytes: 0, cancelled: false };
  const chunk = new Uint8Array(16 * 1024).fill(0x61);
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled.bytes >= total) return controller.close();
      pulled.bytes += chunk.byteLength;
      controller.enqueue(chunk);
    },
    cancel() {
      pulled.cancelled = true;
    },
  });
  return { stream, pulled };
}

describe("bounded bodies", () => {
  it("a declared Content-Length over the budget is refused without reading a byte", async () => {
    const { stream, pulled } = countingStream(10 * 1024 * 1024);
    const request = new Request("http://x/ivr/start", { method: "POST", body: stream, headers: { "content-length": String(10 * 1024 * 1024) }, duplex: "half" } as RequestInit);
    const read = await readBoundedText(request, 16 * 1024);
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.response.status).toBe(413);
    expect(pulled.bytes).toBeLessThanOrEqual(16 * 1024); // at most what the runtime pre-fetched
  });

  it("an undeclared (chunked) 50 MB body is cut off just past the budget", async () => {
    const { stream, pulled } = countingStream(50 * 1024 * 1024);
    const request = new Request("http://x/ivr/start", { method: "POST", body: stream, duplex: "half" } as RequestInit);
    const read = await readBoundedText(request, 16 * 1024);
    expect(read.ok).toBe(false);
    console.log(`50 MB chunked body: ${pulled.bytes} bytes read before the 413, stream cancelled: ${pulled.cancelled}`);
    expect(pulled.bytes).toBeLessThan(100 * 1024);
    expect(pulled.cancelled).toBe(true);
  });

  it("a signed webhook with a 1 MB body gets 413 from the route; a normal one is answered", async () => {
    const url = `${env().publicBaseUrl}/ivr/start`;
    const params = { CallUUID: "big-1", From: "+14155550100", To: "+14155550199", Direction: "inbound", Junk: "x".repeat(1024 * 1024) };
    const big = await send(plivoRequest(url, params));
    expect(big.status).toBe(413);
    const ok = await send(plivoRequest(url, { CallUUID: "small-1", From: "+14155550100", To: "+14155550199", Direction: "inbound" }));
    expect(ok.status).toBe(200);
  });
});

describe("replay window", () => {
  const url = () => `${env().publicBaseUrl}/ivr/start`;
  const params = { CallUUID: "replay-1", From: "+14155550100", To: "+14155550199", Direction: "inbound" };
  const build = (headers: Record<string, string>) =>
    new Request(url(), { method: "POST", headers: { ...headers, "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(params).toString() });

  it("a retry inside the window gets the same answer; the same request after the window gets 403", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const t0 = Date.parse("2026-04-01T10:00:00Z");
    vi.setSystemTime(t0);
    const headers = signedHeaders({ method: "POST", url: url(), params, authToken: env().plivo.authToken });
    const first = await send(build(headers));
    expect(first.status).toBe(200);

    vi.setSystemTime(t0 + 45_000); // Plivo's retry after a read timeout
    const retry = await send(build(headers));
    expect(retry).toEqual(first);

    vi.setSystemTime(t0 + env().security.replayWindowSeconds * 1000 + 1000);
    const replay = await send(build(headers));
    expect(replay.status).toBe(403);
    // A fresh delivery (new nonce) for the same call is still served.
    const fresh = signedHeaders({ method: "POST", url: url(), params, authToken: env().plivo.authToken });
    expect((await send(build(fresh))).status).toBe(200);
  });

  it("a status callback replayed after the window gets 403 and closes nothing; inside the window it is served", async () => {
    // On PostgreSQL the callback's nonce rides in the statement that reads its call (lib/ivr/step-read.ts): the
    // refusal must come before the step runs, exactly as the separate check does on SQLite.
    vi.useFakeTimers({ toFake: ["Date"] });
    const t0 = Date.parse("2026-04-02T10:00:00Z");
    vi.setSystemTime(t0);
    const start = { CallUUID: "replay-hangup-1", From: "+14155550100", To: "+14155550199", Direction: "inbound" };
    expect((await send(plivoRequest(`${env().publicBaseUrl}/ivr/start`, start))).status).toBe(200);
    const hangupUrl = `${env().publicBaseUrl}/plivo/callback`;
    const hangup = { ...start, CallStatus: "completed", Duration: "30", HangupCause: "NORMAL_CLEARING" };
    const headers = signedHeaders({ method: "POST", url: hangupUrl, params: hangup, authToken: env().plivo.authToken });
    const request = () =>
      new Request(hangupUrl, { method: "POST", headers: { ...headers, "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(hangup).toString() });

    // The request's nonce was first seen at t0 + 1 s (say its first delivery went to another instance that died
    // before closing the call); the same signed request replayed after the window must not run the step.
    const nonceSeen = await checkNonce(db, headers["X-Plivo-Signature-V3-Nonce"]!, t0 + 1_000);
    expect(nonceSeen).toEqual({ fresh: true });
    vi.setSystemTime(t0 + env().security.replayWindowSeconds * 1000 + 5_000);
    expect((await send(request())).status).toBe(403);
    const untouched = await db.call.findUniqueOrThrow({ where: { callUuid: start.CallUUID } });
    expect(untouched.endedAt).toBeNull();

    // A delivery with a fresh nonce (Plivo's own) is served and closes the call.
    const fresh = signedHeaders({ method: "POST", url: hangupUrl, params: hangup, authToken: env().plivo.authToken });
    const served = await send(
      new Request(hangupUrl, { method: "POST", headers: { ...fresh, "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(hangup).toString() }),
    );
    expect(served.status).toBe(200);
    const closed = await db.call.findUniqueOrThrow({ where: { callUuid: start.CallUUID } });
    expect(closed.endedAt).not.toBeNull();
    expect(closed.duration).toBe(30);
  });

  it("an answer URL replayed after the window makes no call, though the call is unknown here", async () => {
    // On PostgreSQL the answer URL makes its call in the receipt claim's statement (lib/ivr/step-read.ts `create`):
    // only when the claim is made, i.e. inside the window.
    vi.useFakeTimers({ toFake: ["Date"] });
    const t0 = Date.parse("2026-04-03T10:00:00Z");
    const start = { CallUUID: "replay-start-unknown", From: "+14155550101", To: "+14155550199", Direction: "inbound" };
    const startUrl = `${env().publicBaseUrl}/ivr/start`;
    const headers = signedHeaders({ method: "POST", url: startUrl, params: start, authToken: env().plivo.authToken });
    await checkNonce(db, headers["X-Plivo-Signature-V3-Nonce"]!, t0);
    vi.setSystemTime(t0 + env().security.replayWindowSeconds * 1000 + 5_000);
    const replay = await send(
      new Request(startUrl, { method: "POST", headers: { ...headers, "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(start).toString() }),
    );
    expect(replay.status).toBe(403);
    expect(await db.call.count({ where: { callUuid: start.CallUUID } })).toBe(0);
    expect(await db.customer.count({ where: { phone: start.From } })).toBe(0);
  });

  it("one keyed write per webhook: the nonce row keeps its first-seen time", async () => {
    expect(await checkNonce(db, "n-1", 1_000, 600)).toEqual({ fresh: true });
    expect(await checkNonce(db, "n-1", 500_000, 600)).toEqual({ fresh: true });
    expect(await checkNonce(db, "n-1", 601_001 + 1_000, 600)).toEqual({ fresh: false, firstSeenMs: 1_000 });
  });

  it("old nonces are pruned in bounded batches", async () => {
    await db.webhookNonce.createMany({ data: Array.from({ length: 25 }, (_, i) => ({ nonce: `old-${i}`, firstSeenMs: BigInt(i) })) });
    await db.webhookNonce.create({ data: { nonce: "recent-1", firstSeenMs: BigInt(1_000) } });
    expect(await pruneWebhookNonces(db, { olderThanMs: 100, batchSize: 10, maxBatches: 2 })).toBe(20);
    expect(await pruneWebhookNonces(db, { olderThanMs: 100, batchSize: 10 })).toBe(5);
    expect(await db.webhookNonce.count({ where: { nonce: { startsWith: "old-" } } })).toBe(0);
    expect(await db.webhookNonce.count({ where: { nonce: "recent-1" } })).toBe(1);
  });
});
