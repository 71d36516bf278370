// Waits are exact to the millisecond on both databases (SQLite computes them from julianday, sql-buckets.ts): a call
// answered after exactly SERVICE_LEVEL_SECONDS is within the service level, one answered a millisecond later is not.
import { beforeAll, expect, it } from "vitest";
import { createPrismaClient, type Db } from "../db/client";
import { seedDatabase } from "../db/seed";
import { resolvePeriod } from "./analytics-period";
import { loadAnalytics, SERVICE_LEVEL_SECONDS } from "./load-analytics";

const NOW = new Date("2026-06-10T15:30:00.000Z");
let db: Db;

beforeAll(async () => {
  db = createPrismaClient(process.env.DATABASE_URL!);
  await seedDatabase(db, { email: "s@example.com", password: "password1" });
  const agent = await db.agent.findFirstOrThrow();
  const waitsMs = [SERVICE_LEVEL_SECONDS * 1000 - 1, SERVICE_LEVEL_SECONDS * 1000, SERVICE_LEVEL_SECONDS * 1000 + 1];
  for (const [i, ms] of waitsMs.entries()) {
    const routedAt = new Date(NOW.getTime() - 3_600_000 + i * 60_000 + 123); // odd milliseconds on both sides
    await db.call.create({
      data: {
        callUuid: `w${i}`, direction: "INBOUND", from: "+12025550100", to: "+14155550000", languageCode: "en", agentId: agent.id,
        status: "COMPLETED", step: "DONE", startedAt: new Date(routedAt.getTime() - 5_000), routedAt, agentConnectedAt: new Date(routedAt.getTime() + ms), agentTalkSeconds: 60,
      },
    });
  }
});

it("counts a wait of exactly the service-level threshold as within it and one millisecond more as not", async () => {
  const a = await loadAnalytics(db, resolvePeriod({ days: 1 }, NOW, "UTC"), NOW);
  expect(a.totals.answered).toBe(3);
  expect(a.totals.serviceLevel).toBeCloseTo(2 / 3, 10);
  expect(a.totals.asaSeconds).toBeCloseTo(SERVICE_LEVEL_SECONDS, 6);
});
