// Create or edit an agent. Languages must exist (and be enabled) in the Language table; the phone number is unique.
import type { Db } from "../db/client";
import { isUniqueViolation, Prisma } from "../db/sql";
import type { AgentInput, AgentMutationResult } from "./agent-input";

async function unknownLanguages(db: Db, codes: string[]): Promise<string[]> {
  const found = await db.language.findMany({ where: { code: { in: codes }, enabled: true }, select: { code: true } });
  const known = new Set(found.map((l) => l.code));
  return codes.filter((c) => !known.has(c));
}

const PHONE_TAKEN = "Another agent already has this phone number.";

export async function createAgent(db: Db, input: AgentInput): Promise<AgentMutationResult<{ id: string }>> {
  const languages = [...new Set(input.languages)];
  const unknown = await unknownLanguages(db, languages);
  if (unknown.length > 0) return { ok: false, message: "Check the languages.", fieldErrors: { languages: [`Unknown language: ${unknown.join(", ")}`] } };
  try {
    const agent = await db.agent.create({
      data: { name: input.name, phone: input.phone, languages: { create: languages.map((languageCode) => ({ languageCode })) } },
      select: { id: true },
    });
    return { ok: true, value: agent };
  } catch (err) {
    if (isUniqueViolation(err)) return { ok: false, message: PHONE_TAKEN, fieldErrors: { phone: [PHONE_TAKEN] } };
    throw err;
  }
}

export async function updateAgent(db: Db, agentId: string, input: AgentInput): Promise<AgentMutationResult<{ id: string }>> {
  const languages = [...new Set(input.languages)];
  const unknown = await unknownLanguages(db, languages);
  if (unknown.length > 0) return { ok: false, message: "Check the languages.", fieldErrors: { languages: [`Unknown language: ${unknown.join(", ")}`] } };
  try {
    await db.$transaction([
      db.agent.update({ where: { id: agentId }, data: { name: input.name, phone: input.phone } }),
      db.agentLanguage.deleteMany({ where: { agentId, languageCode: { notIn: languages } } }),
      ...languages.map((languageCode) =>
        db.agentLanguage.upsert({ where: { agentId_languageCode: { agentId, languageCode } }, create: { agentId, languageCode }, update: {} }),
      ),
    ]);
    return { ok: true, value: { id: agentId } };
  } catch (err) {
    if (isUniqueViolation(err)) return { ok: false, message: PHONE_TAKEN, fieldErrors: { phone: [PHONE_TAKEN] } };
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2025") return { ok: false, message: "That agent no longer exists." };
    throw err;
  }
}
