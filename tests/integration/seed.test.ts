import { existsSync, rmSync } from "node:fs";
import { resolve } from "node:path";
import { afterAll, beforeEach, describe, expect, inject, it } from "vitest";
import { createPrismaClient } from "@/lib/db/client";
import { migrateDeploy } from "@/lib/db/migrate";
import { verifyPassword } from "@/lib/auth/password-hash";
import { SEED_AGENTS, seedDatabase } from "@/lib/db/seed";
import { ROOT } from "../setup/paths";

const supervisor = { email: "Lead@Example.com", password: "correct horse" };

describe("seed", () => {
  const db = createPrismaClient(process.env.DATABASE_URL!);
  afterAll(() => db.$disconnect());
  // Each test starts from an unseeded floor (the per-file database is migrated, not seeded), in any order.
  beforeEach(async () => {
    await db.agentLanguage.deleteMany();
    await db.agent.deleteMany();
    await db.supervisor.deleteMany();
    await db.language.deleteMany();
  });

  it("creates the floor once; a second run adds nothing and keeps live changes", async () => {
    const first = await seedDatabase(db, supervisor);
    expect(first).toEqual({ languages: 2, agents: SEED_AGENTS.length, supervisors: 1 });
    const alice = await db.agent.findUniqueOrThrow({ where: { phone: "+14155550101" } });
    await db.agent.update({ where: { id: alice.id }, data: { status: "NOT_READY", notReadyReason: "BREAK", totalCalls: 999 } });

    const second = await seedDatabase(db, supervisor);
    expect(second).toEqual({ languages: 0, agents: 0, supervisors: 0 });
    expect(await db.agent.count()).toBe(SEED_AGENTS.length);
    expect(await db.supervisor.count()).toBe(1);
    const after = await db.agent.findUniqueOrThrow({ where: { id: alice.id } });
    expect(after).toMatchObject({ status: "NOT_READY", totalCalls: 999 });
  });

  it("seeds English and Spanish agents with languages and a hashed supervisor password", async () => {
    await seedDatabase(db, supervisor);
    const es = await db.agentLanguage.count({ where: { languageCode: "es" } });
    const en = await db.agentLanguage.count({ where: { languageCode: "en" } });
    expect(es).toBeGreaterThanOrEqual(3);
    expect(en).toBeGreaterThanOrEqual(5);
    const sup = await db.supervisor.findUniqueOrThrow({ where: { email: "lead@example.com" } });
    expect(sup.passwordHash).not.toContain("correct horse");
    // scrypt (lib/auth/password-hash.ts), verifiable with the seeded password; the first supervisor is the admin.
    expect(sup.passwordHash).toMatch(/^scrypt\$/);
    expect(await verifyPassword("correct horse", sup.passwordHash)).toBe(true);
    expect(sup.role).toBe("ADMIN");
  });
});

describe("migrate", () => {
  const file = resolve(inject("testDataDir"), "rebuild.db");
  afterAll(() => rmSync(file, { force: true }));

  it.skipIf(!process.env.DATABASE_URL?.startsWith("file:"))("rebuilds a deleted database file from the committed migrations", async () => {
    rmSync(file, { force: true });
    migrateDeploy(`file:${file}`, ROOT);
    expect(existsSync(file)).toBe(true);
    const fresh = createPrismaClient(`file:${file}`);
    try {
      await seedDatabase(fresh, supervisor);
      expect(await fresh.agent.count()).toBe(SEED_AGENTS.length);
    } finally {
      await fresh.$disconnect();
    }
    // Applying again to an up-to-date database is a no-op.
    expect(migrateDeploy(`file:${file}`, ROOT)).toMatch(/No pending migrations|up to date|applied/i);
  }, 120_000); // two Prisma CLI runs: slow on a loaded 2-core machine
});
