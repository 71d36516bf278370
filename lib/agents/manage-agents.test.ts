// Agent CRUD against a real (private, migrated) SQLite database: what a supervisor sees when they add, edit,
// remove and change availability, including the refusals.
import { beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient, type Db } from "../db/client";
import { seedDatabase } from "../db/seed";
import { agentInput, skillsFromForm } from "./agent-input";
import { toE164 } from "./e164-phone";
import { removeAgent } from "./remove-agent";
import { createAgent, updateAgent } from "./save-agent";
import { setAgentAvailability } from "./set-agent-availability";

let db: Db;
beforeAll(async () => {
  db = createPrismaClient(process.env.DATABASE_URL!);
  await seedDatabase(db, { email: "s@example.com", password: "password1" });
});

describe("E.164 validation", () => {
  it.each([
    ["+14155550100", "+14155550100"],
    ["+1 (415) 555-0199", "+14155550199"],
    ["  +44 20 7183 8750 ", "+442071838750"],
    ["+34 912 345 678", "+34912345678"],
  ])("accepts %s as %s", (input, e164) => expect(toE164(input)).toBe(e164));

  it.each(["4155550100", "+1415555010", "+12", "call me", "", "+999 123456"])("rejects %s", (input) => expect(toE164(input)).toBeNull());

  it("gives the form a message naming the expected format", () => {
    const r = agentInput.safeParse({ name: "X", phone: "555-0100", languages: ["en"] });
    expect(r.success).toBe(false);
    expect(r.error?.flatten().fieldErrors.phone?.[0]).toMatch(/international format/);
  });
});

describe("create and edit", () => {
  it("creates an agent with normalized phone and languages", async () => {
    const input = agentInput.parse({ name: "Nora Ito", phone: "+1 415 555 0190", languages: ["en", "es"] });
    const r = await createAgent(db, input);
    expect(r.ok).toBe(true);
    const agent = await db.agent.findUniqueOrThrow({ where: { phone: "+14155550190" }, include: { languages: true } });
    expect(agent.name).toBe("Nora Ito");
    expect(agent.languages.map((l) => l.languageCode).sort()).toEqual(["en", "es"]);
  });

  it("refuses a duplicate phone number with a field error", async () => {
    const r = await createAgent(db, agentInput.parse({ name: "Dup", phone: "+14155550101", languages: ["en"] }));
    expect(r).toMatchObject({ ok: false, fieldErrors: { phone: [expect.stringMatching(/already/)] } });
  });

  it("refuses a language missing from the Language table", async () => {
    const r = await createAgent(db, agentInput.parse({ name: "Fr", phone: "+14155550191", languages: ["fr"] }));
    expect(r).toMatchObject({ ok: false, fieldErrors: { languages: [expect.stringMatching(/fr/)] } });
    expect(await db.agent.findUnique({ where: { phone: "+14155550191" } })).toBeNull();
  });

  it("edits name, phone and languages", async () => {
    const agent = await db.agent.findUniqueOrThrow({ where: { phone: "+14155550108" } });
    const r = await updateAgent(db, agent.id, agentInput.parse({ name: "Ethan B.", phone: "+14155550198", languages: ["es"] }));
    expect(r.ok).toBe(true);
    const after = await db.agent.findUniqueOrThrow({ where: { id: agent.id }, include: { languages: true } });
    expect(after).toMatchObject({ name: "Ethan B.", phone: "+14155550198" });
    expect(after.languages.map((l) => l.languageCode)).toEqual(["es"]);
  });
});

describe("availability and removal", () => {
  it("brings an agent back from not-ready (missed calls) with a fresh miss count", async () => {
    const agent = await db.agent.findUniqueOrThrow({ where: { phone: "+14155550103" } });
    await db.agent.update({ where: { id: agent.id }, data: { status: "NOT_READY", notReadyReason: "MISSED_CALLS", consecutiveMisses: 3 } });
    const r = await setAgentAvailability(db, agent.id, { status: "AVAILABLE" }, "boss@example.com");
    expect(r).toMatchObject({ ok: true, value: { status: "AVAILABLE" } });
    expect((await db.agent.findUniqueOrThrow({ where: { id: agent.id } })).consecutiveMisses).toBe(0);
  });

  it("never overwrites BUSY and never removes an agent on a call", async () => {
    const agent = await db.agent.findUniqueOrThrow({ where: { phone: "+14155550102" } });
    const call = await db.call.create({ data: { callUuid: "busy-call", direction: "INBOUND", from: "+14155550000", to: "+14155559999", agentId: agent.id } });
    await db.agent.update({ where: { id: agent.id }, data: { status: "BUSY", currentCallId: call.id } });

    const status = await setAgentAvailability(db, agent.id, { status: "OFFLINE" }, "boss@example.com");
    expect(status).toMatchObject({ ok: false, message: expect.stringMatching(/on a call/) });
    const removal = await removeAgent(db, agent.id);
    expect(removal).toMatchObject({ ok: false, message: expect.stringMatching(/on a call/) });
    expect(await db.agent.findUniqueOrThrow({ where: { id: agent.id } })).toMatchObject({ status: "BUSY" });

    await db.agent.update({ where: { id: agent.id }, data: { status: "AVAILABLE", currentCallId: null } });
    expect(await removeAgent(db, agent.id)).toMatchObject({ ok: true, value: { name: "Brian Chen" } });
    expect(await db.agent.findUnique({ where: { id: agent.id } })).toBeNull();
    // The call's history survives, just without the agent.
    expect((await db.call.findUniqueOrThrow({ where: { id: call.id } })).agentId).toBeNull();
  });
});

describe("skills (#19)", () => {
  it("stores skills with their proficiency and replaces them on edit", async () => {
    const r = await createAgent(db, agentInput.parse({ name: "Skilled", phone: "+14155550177", languages: ["en"], skills: [{ skill: "billing", proficiency: "4" }] }));
    if (!r.ok) throw new Error(r.message);
    expect(await db.agentSkill.findMany({ where: { agentId: r.value.id }, select: { skill: true, proficiency: true } })).toEqual([{ skill: "billing", proficiency: 4 }]);
    const edit = agentInput.parse({ name: "Skilled", phone: "+14155550177", languages: ["en"], skills: [{ skill: "technical", proficiency: 2 }] });
    expect((await updateAgent(db, r.value.id, edit)).ok).toBe(true);
    expect(await db.agentSkill.findMany({ where: { agentId: r.value.id }, select: { skill: true, proficiency: true } })).toEqual([{ skill: "technical", proficiency: 2 }]);
  });

  it.each([
    ["an unknown skill", [["skill.juggling", "3"]], /Unknown skill "juggling"/],
    ["a proficiency of 6", [["skill.billing", "6"]], /1 to 5/],
    ["a proficiency of 0", [["skill.billing", "0"]], /1 to 5/],
    ["a fractional proficiency", [["skill.billing", "2.5"]], /1 to 5/],
  ] as const)("the form refuses %s with a message on the skills field", (_label, fields, message) => {
    const skills = skillsFromForm(fields.map(([k, v]) => [k, v] as [string, string]));
    const r = agentInput.safeParse({ name: "X", phone: "+14155550178", languages: ["en"], skills });
    expect(r.success).toBe(false);
    expect(r.error?.flatten().fieldErrors.skills?.[0]).toMatch(message);
  });

  it("refuses bad skills at the save itself (any caller, not only the form) and stores nothing", async () => {
    const before = await db.agent.count();
    const bad = { name: "Bad", phone: "+14155550179", languages: ["en"], skills: [{ skill: "juggling" as "billing", proficiency: 9 }] };
    const r = await createAgent(db, bad);
    expect(r).toMatchObject({ ok: false, fieldErrors: { skills: expect.arrayContaining([expect.stringMatching(/Unknown skill/)]) } });
    expect(await db.agent.count()).toBe(before);
    const good = await createAgent(db, agentInput.parse({ name: "Kept", phone: "+14155550180", languages: ["en"], skills: [{ skill: "sales", proficiency: 3 }] }));
    if (!good.ok) throw new Error(good.message);
    const edit = await updateAgent(db, good.value.id, { ...bad, phone: "+14155550180", skills: [{ skill: "sales", proficiency: 7 }] });
    expect(edit).toMatchObject({ ok: false, fieldErrors: { skills: [expect.stringMatching(/1 to 5/)] } });
    const kept = await db.agent.findUniqueOrThrow({ where: { id: good.value.id }, include: { skills: true } });
    expect(kept.name).toBe("Kept");
    expect(kept.skills.map((k) => [k.skill, k.proficiency])).toEqual([["sales", 3]]);
  });
});
