// Agent sign-ins set from the agent form, and the check the shared /login runs for them.
import bcrypt from "bcryptjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyAgent } from "../agent-auth/verify-agent";
import { createPrismaClient } from "../db/client";
import { createAgent, ensureLanguages } from "../../tests/support/routing-fixtures";
import { saveAgentAccount } from "./agent-account";

const db = createPrismaClient(process.env.DATABASE_URL!);
afterAll(() => db.$disconnect());
// Each test stands alone (they pass in any order: `vitest --sequence.shuffle`).
beforeAll(() => ensureLanguages(db));

describe("agent accounts", () => {
  it("needs an initial password, then signs the agent in; a reset replaces the password", async () => {
    const agent = await createAgent(db);
    expect(await saveAgentAccount(db, agent.id, { accountEmail: "ann@agents.example.com", accountPassword: "" })).toMatchObject({ ok: false });
    expect(await db.agentAccount.count({ where: { agentId: agent.id } })).toBe(0);
    expect(await saveAgentAccount(db, agent.id, { accountEmail: "ann@agents.example.com", accountPassword: "first-pass" })).toEqual({ ok: true });
    expect(await verifyAgent(db, "ANN@agents.example.com", "first-pass")).toMatchObject({ agentId: agent.id });
    expect(await verifyAgent(db, "ann@agents.example.com", "wrong-pass")).toBeNull();

    // Editing the agent without a new password keeps the old one; a new one replaces it.
    await saveAgentAccount(db, agent.id, { accountEmail: "ann@agents.example.com", accountPassword: "" });
    expect(await verifyAgent(db, "ann@agents.example.com", "first-pass")).not.toBeNull();
    await saveAgentAccount(db, agent.id, { accountEmail: "ann@agents.example.com", accountPassword: "second-pass" });
    expect(await verifyAgent(db, "ann@agents.example.com", "first-pass")).toBeNull();
    expect(await verifyAgent(db, "ann@agents.example.com", "second-pass")).not.toBeNull();
  });

  it("refuses an email another agent or a supervisor signs in with", async () => {
    const [a, b] = [await createAgent(db), await createAgent(db)];
    await saveAgentAccount(db, a.id, { accountEmail: "same@agents.example.com", accountPassword: "pass-word-1" });
    expect(await saveAgentAccount(db, b.id, { accountEmail: "same@agents.example.com", accountPassword: "pass-word-2" })).toMatchObject({ ok: false });
    await db.supervisor.create({ data: { email: "boss@example.com", name: "Boss", passwordHash: await bcrypt.hash("x", 4) } });
    expect(await saveAgentAccount(db, b.id, { accountEmail: "boss@example.com", accountPassword: "pass-word-2" })).toMatchObject({ ok: false });
    expect(await db.agentAccount.count({ where: { agentId: b.id } })).toBe(0);
  });
});
