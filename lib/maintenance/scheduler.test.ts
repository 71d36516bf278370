// The maintenance scheduler: one process per round across several (the lease), a crashed holder's round is taken
// over once its lease expires, a failing job does not stop the others, and reconcile runs as a job.
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { createPrismaClient } from "../db/client";
import { tryAcquireLease } from "./lease";
import { runDueJobs } from "./scheduler";
import type { MaintenanceJob } from "./jobs";

const db = createPrismaClient(process.env.DATABASE_URL!);
const other = createPrismaClient(process.env.DATABASE_URL!); // a second "process": its own client and connection
afterAll(async () => {
  await db.$disconnect();
  await other.$disconnect();
});
beforeEach(async () => {
  await db.maintenanceLease.deleteMany();
});

function counting(name: string, everyMs: number) {
  const runs: string[] = [];
  const job: MaintenanceJob = { name, everyMs, run: async () => void runs.push(name) };
  return { job, runs };
}

describe("maintenance lease", () => {
  it("of five workers offering the same round at once, exactly one runs it", async () => {
    const { job, runs } = counting("reconcile", 45_000);
    const now = new Date();
    const ran = await Promise.all(
      ["w1", "w2", "w3", "w4", "w5"].map((holder, i) => runDueJobs(i % 2 ? other : db, [job], holder, now)),
    );
    expect(runs).toHaveLength(1);
    expect(ran.flat()).toEqual(["reconcile"]);
  });

  it("the holder itself waits for the next round; after the interval anyone (e.g. a restarted worker) takes it", async () => {
    const t0 = new Date();
    expect(await tryAcquireLease(db, { name: "reconcile", holder: "crashed", ttlMs: 45_000, now: t0 })).toBe(true);
    expect(await tryAcquireLease(db, { name: "reconcile", holder: "crashed", ttlMs: 45_000, now: new Date(t0.getTime() + 5_000) })).toBe(false);
    expect(await tryAcquireLease(other, { name: "reconcile", holder: "restarted", ttlMs: 45_000, now: new Date(t0.getTime() + 44_000) })).toBe(false);
    expect(await tryAcquireLease(other, { name: "reconcile", holder: "restarted", ttlMs: 45_000, now: new Date(t0.getTime() + 45_000) })).toBe(true);
  });

  it("a failing job does not stop the next one, and a job with interval 0 is off", async () => {
    const failing: MaintenanceJob = { name: "broken", everyMs: 1000, run: () => Promise.reject(new Error("boom")) };
    const { job, runs } = counting("prune", 1000);
    const off = counting("off", 0);
    expect(await runDueJobs(db, [failing, job, off.job], "w1")).toEqual(["prune"]);
    expect(runs).toEqual(["prune"]);
    expect(off.runs).toEqual([]);
  });
});
