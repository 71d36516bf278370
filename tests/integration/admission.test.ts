// The IVR routes run through the process's admission gate (lib/ivr/admission.ts, WEBHOOK_CONCURRENCY): with a limit
// of 1 a second webhook's step starts only after the first one has answered, and both callers get their XML.
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "@/lib/db/client";
import { seedDatabase } from "@/lib/db/seed";
import { admissionStats, createAdmissionGate, type AdmissionGate } from "@/lib/ivr/admission";
import { ivrRoute } from "@/lib/ivr/ivr-route";
import { Caller, plivoRequest } from "./ivr-harness";

vi.mock("@/lib/realtime/publish", () => ({ publish: vi.fn(async () => null) }));

const g = globalThis as unknown as { ivrAdmission?: AdmissionGate | null };

beforeAll(async () => {
  await seedDatabase(await getDb(), { email: "sup@example.com", password: "password1" });
});
afterEach(() => {
  g.ivrAdmission = undefined; // back to what WEBHOOK_CONCURRENCY makes (unset in tests: no gate)
});

/** A route whose first step is held until release(); every step logs its start and end, and answers its CallUUID. */
function heldRoute() {
  const events: string[] = [];
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  const route = ivrRoute(
    "admission-test",
    async (ctx) => {
      const who = ctx.params.CallUUID;
      events.push(`start ${who}`);
      if (events.length === 1) await held;
      events.push(`end ${who}`);
      return `<Response><Speak>${who}</Speak></Response>`;
    },
    { receipts: false, audience: "caller" },
  );
  return { route, events, release };
}

/** Two callers' answer-URL webhooks sent to `route` at once. */
function twoCallers(route: (request: Request) => Promise<Response>) {
  const a = new Caller();
  const b = new Caller();
  return { a, b, first: route(plivoRequest("/ivr/start", a.base)), second: route(plivoRequest("/ivr/start", b.base)) };
}

/** The caller whose step started first (and is held by heldRoute), and the other one. */
function heldAndOther(events: string[], a: Caller, b: Caller): { held: string; other: string } {
  const held = events[0]?.replace(/^start /, "");
  expect([a.callUuid, b.callUuid]).toContain(held);
  return { held: held!, other: held === a.callUuid ? b.callUuid : a.callUuid };
}

describe("webhook admission", () => {
  it("with a limit of 1, the second webhook's step waits until the first has answered", async () => {
    g.ivrAdmission = createAdmissionGate(1);
    const { route, events, release } = heldRoute();
    const { a, b, first, second } = twoCallers(route);
    // Either may be admitted first (each reads its body and checks its nonce before the gate): that one is held.
    await vi.waitFor(() => expect(events).toHaveLength(1));
    const { held, other } = heldAndOther(events, a, b);
    await new Promise((r) => setTimeout(r, 50));
    expect(events).toEqual([`start ${held}`]); // the other is admitted only after it
    expect(g.ivrAdmission.stats()).toMatchObject({ running: 1, waiting: 1 });
    release();
    const [ra, rb] = await Promise.all([first, second]);
    expect(events).toEqual([`start ${held}`, `end ${held}`, `start ${other}`, `end ${other}`]);
    expect(await ra.text()).toContain(a.callUuid);
    expect(await rb.text()).toContain(b.callUuid);
  });

  it("a forged or slow-bodied request never holds a place: with a limit of 1, a real webhook still runs", async () => {
    g.ivrAdmission = createAdmissionGate(1);
    const { route, events, release } = heldRoute();
    const slow = new Caller();
    const real = new Caller();
    // Signed, but its body stops half-way (a slow or hostile client): it must not take the only place.
    const signed = plivoRequest("/ivr/start", slow.base);
    const body = await signed.text();
    let finishBody!: () => void;
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(body.slice(0, 10)));
        finishBody = () => {
          controller.enqueue(new TextEncoder().encode(body.slice(10)));
          controller.close();
        };
      },
    });
    const slowRequest = route(new Request(signed.url, { method: "POST", headers: signed.headers, body: stream, duplex: "half" } as RequestInit));
    // Forged: wrong token, and no signature at all. Refused at once, without waiting for a place.
    const refused = performance.now();
    const forged = await route(plivoRequest("/ivr/start", new Caller().base, { signing: "wrong-token" }));
    const unsigned = await route(plivoRequest("/ivr/start", new Caller().base, { signing: "none" }));
    expect([forged.status, unsigned.status]).toEqual([403, 403]);
    expect(performance.now() - refused).toBeLessThan(2_000); // behind a held place they waited out its 10 s lease
    const first = route(plivoRequest("/ivr/start", real.base));
    await vi.waitFor(() => expect(events).toEqual([`start ${real.callUuid}`])); // the real one took the place
    expect(g.ivrAdmission.stats()).toMatchObject({ running: 1, waiting: 0, admitted: 1, leasesExpired: 0 });
    release();
    expect(await (await first).text()).toContain(real.callUuid);
    finishBody(); // once its body is complete, the slow one is admitted and answered too
    expect(await (await slowRequest).text()).toContain(slow.callUuid);
    expect(events).toEqual([`start ${real.callUuid}`, `end ${real.callUuid}`, `start ${slow.callUuid}`, `end ${slow.callUuid}`]);
  });

  it("without WEBHOOK_CONCURRENCY (the default) there is no gate, and the second step runs while the first is held", async () => {
    g.ivrAdmission = undefined;
    expect(admissionStats()).toBeNull();
    const { route, events, release } = heldRoute();
    const { a, b, first, second } = twoCallers(route);
    // Whichever step starts first is held; the other starts and ends meanwhile.
    await vi.waitFor(() => expect(events).toHaveLength(3));
    const { held, other } = heldAndOther(events, a, b);
    expect(events).toEqual([`start ${held}`, `start ${other}`, `end ${other}`]);
    release();
    await Promise.all([first, second]);
    expect(events).toHaveLength(4);
  });
});
