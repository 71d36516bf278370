// The cron endpoint: bearer-token guard when CRON_SECRET is set, JSON {released} from reconcile.
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { createPrismaClient } from "@/lib/db/client";
import { createAgent, createCall, ensureLanguages } from "@/tests/support/routing-fixtures";

process.env.CRON_SECRET = "test-cron-secret-0123456789";
const { GET, POST } = await import("./route");
const db = createPrismaClient(process.env.DATABASE_URL!);
afterAll(() => db.$disconnect());

// Each test starts from an empty floor, so none depends on what an earlier one left (they pass in any order).
beforeEach(async () => {
  await db.agentAssignment.deleteMany();
  await db.agent.deleteMany();
  await db.call.deleteMany();
  await db.webhookReceipt.deleteMany();
  await ensureLanguages(db);
});

const request = (authorization?: string, method = "GET") =>
  new Request("http://localhost/api/cron/reconcile", {
    method,
    headers: authorization ? { authorization } : {},
  });

describe("/api/cron/reconcile", () => {
  it("refuses a request without the bearer secret and changes nothing", async () => {
    const agent = await createAgent(db);
    await db.agent.update({ where: { id: agent.id }, data: { status: "BUSY", currentCallId: "gone" } });
    for (const auth of [undefined, "Bearer wrong-secret-0123456789x", "test-cron-secret-0123456789"]) {
      const res = await GET(request(auth));
      expect(res.status).toBe(401);
    }
    expect((await db.agent.findUniqueOrThrow({ where: { id: agent.id } })).status).toBe("BUSY");
  });

  it("frees stuck agents and answers {released}", async () => {
    const call = await createCall(db);
    const agent = await createAgent(db);
    await db.agent.update({ where: { id: agent.id }, data: { status: "BUSY", currentCallId: call.id } });
    await db.call.update({ where: { id: call.id }, data: { status: "COMPLETED", endedAt: new Date() } });
    const res = await GET(request("Bearer test-cron-secret-0123456789"));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { released: number };
    expect(body.released).toBe(1);
    expect(body).toMatchObject({ closed: 0, dequeued: 0 });
    expect((await db.agent.findUniqueOrThrow({ where: { id: agent.id } })).status).toBe("AVAILABLE");
    const again = await POST(request("Bearer test-cron-secret-0123456789", "POST"));
    expect(await again.json()).toMatchObject({ released: 0 });
  });

  it("drops webhook receipts older than a day and keeps recent ones (retries still replay)", async () => {
    const old = new Date(Date.now() - 25 * 60 * 60 * 1000);
    await db.webhookReceipt.createMany({
      data: [
        { key: "old|language|a0|1", response: "<Response/>", createdAt: old },
        { key: "new|language|a0|1", response: "<Response/>" },
      ],
    });
    const res = await POST(request("Bearer test-cron-secret-0123456789", "POST"));
    expect(await res.json()).toMatchObject({ prunedReceipts: 1 });
    expect((await db.webhookReceipt.findMany()).map((r) => r.key)).toEqual(["new|language|a0|1"]);
  });
});
