// Idempotent seed: languages, a floor of English and Spanish agents with realistic history, and the first
// supervisor account. Running it again changes nothing (rows are keyed by natural unique keys and only created
// when missing), so restarting the app never duplicates or resets live data.
import { hashPassword } from "../auth/password-hash";
import type { PrismaClient } from "../generated/prisma/client";

export const SEED_LANGUAGES = [
  { code: "en", name: "English", locale: "en-US", voice: "WOMAN", menuDigit: 1 },
  { code: "es", name: "Español", locale: "es-US", voice: "WOMAN", menuDigit: 2 },
] as const;

// Stats chosen so the initial heap order is interesting: a strong veteran, a newcomer, one needing coaching.
export const SEED_AGENTS = [
  { name: "Alice Johnson", phone: "+14155550101", languages: ["en"], totalCalls: 142, avgSeconds: 245, ratingSum: 510, ratingCount: 140 },
  { name: "Brian Chen", phone: "+14155550102", languages: ["en"], totalCalls: 98, avgSeconds: 312, ratingSum: 300, ratingCount: 95 },
  { name: "Chloe Davis", phone: "+14155550103", languages: ["en"], totalCalls: 12, avgSeconds: 198, ratingSum: 40, ratingCount: 11 },
  { name: "Daniel Okafor", phone: "+14155550104", languages: ["en", "es"], totalCalls: 187, avgSeconds: 276, ratingSum: 610, ratingCount: 180 },
  { name: "María García", phone: "+14155550105", languages: ["es"], totalCalls: 121, avgSeconds: 288, ratingSum: 430, ratingCount: 118 },
  { name: "José Martínez", phone: "+14155550106", languages: ["es"], totalCalls: 76, avgSeconds: 355, ratingSum: 170, ratingCount: 74 },
  { name: "Lucía Fernández", phone: "+14155550107", languages: ["es", "en"], totalCalls: 4, avgSeconds: 230, ratingSum: 13, ratingCount: 4 },
  { name: "Ethan Brooks", phone: "+14155550108", languages: ["en"], totalCalls: 0, avgSeconds: 0, ratingSum: 0, ratingCount: 0 },
] as const;

export type SeedResult = { languages: number; agents: number; supervisors: number };

export async function seedDatabase(
  db: PrismaClient,
  supervisor: { email: string; password: string; name?: string },
  options: { demoAgents?: boolean } = {},
): Promise<SeedResult> {
  const created: SeedResult = { languages: 0, agents: 0, supervisors: 0 };
  for (const lang of SEED_LANGUAGES) {
    const exists = await db.language.findUnique({ where: { code: lang.code } });
    if (!exists) {
      await db.language.create({ data: lang });
      created.languages++;
    }
  }
  // Demo agents have made-up phone numbers: local and test floors only, never a production deploy.
  for (const a of options.demoAgents === false ? [] : SEED_AGENTS) {
    const exists = await db.agent.findUnique({ where: { phone: a.phone } });
    if (exists) continue;
    await db.agent.create({
      data: {
        name: a.name,
        phone: a.phone,
        totalCalls: a.totalCalls,
        totalTalkSeconds: a.totalCalls * a.avgSeconds,
        avgCallDuration: a.avgSeconds,
        ratingSum: a.ratingSum,
        ratingCount: a.ratingCount,
        languages: { create: a.languages.map((code) => ({ languageCode: code })) },
      },
    });
    created.agents++;
  }
  // Demo agents sign in to their workspace as <first name>@agents.example.com / agent-demo (README: Using it locally).
  if (options.demoAgents !== false) await seedDemoAgentAccounts(db);
  const email = supervisor.email.toLowerCase();
  if (!(await db.supervisor.findUnique({ where: { email } }))) {
    await db.supervisor.create({
      // The first supervisor administers the others (adds and removes supervisors).
      data: { email, name: supervisor.name ?? "Supervisor", role: "ADMIN", passwordHash: await hashPassword(supervisor.password) },
    });
    created.supervisors++;
  }
  return created;
}

export const DEMO_AGENT_PASSWORD = "agent-demo";

export function demoAgentEmail(name: string): string {
  const first = name.split(" ")[0] ?? name;
  return `${first.normalize("NFD").replace(/[^a-zA-Z]/g, "").toLowerCase()}@agents.example.com`;
}

/** One account per demo agent that has none; never touches an account that exists (passwords may have been reset). */
async function seedDemoAgentAccounts(db: PrismaClient): Promise<void> {
  let hash: string | undefined;
  for (const a of SEED_AGENTS) {
    const agent = await db.agent.findUnique({ where: { phone: a.phone }, select: { id: true, account: { select: { id: true } } } });
    if (!agent || agent.account) continue;
    const email = demoAgentEmail(a.name);
    if (await db.agentAccount.findUnique({ where: { email } })) continue;
    hash ??= await hashPassword(DEMO_AGENT_PASSWORD);
    await db.agentAccount.create({ data: { agentId: agent.id, email, passwordHash: hash } });
  }
}
