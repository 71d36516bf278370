// Create or edit an agent. Languages must exist (and be enabled) in the Language table; the phone number is unique.
import type { Db } from "../db/client";
import { isUniqueViolation, Prisma } from "../db/sql";
import { agentSkillsInput } from "../routing/skills";
import type { AgentInput, AgentMutationResult } from "./agent-input";

async function unknownLanguages(db: Db, codes: string[]): Promise<string[]> {
  const found = await db.language.findMany({ where: { code: { in: codes }, enabled: true }, select: { code: true } });
  const known = new Set(found.map((l) => l.code));
  return codes.filter((c) => !known.has(c));
}

const PHONE_TAKEN = "Another agent already has this phone number.";

/** Skills are checked again here, so no caller of these functions (form, API, script) can store an unknown skill or
 * a proficiency outside 1-5: the whole save is refused and nothing is written. */
function checkSkills(input: AgentInput): AgentMutationResult<AgentInput["skills"]> {
  const parsed = agentSkillsInput.safeParse(input.skills ?? []);
  if (parsed.success) return { ok: true, value: parsed.data };
  const messages = [...new Set(parsed.error.issues.map((i) => i.message))];
  return { ok: false, message: "Check the skills.", fieldErrors: { skills: messages } };
}

export async function createAgent(db: Db, input: AgentInput): Promise<AgentMutationResult<{ id: string }>> {
  const languages = [...new Set(input.languages)];
  const unknown = await unknownLanguages(db, languages);
  if (unknown.length > 0) return { ok: false, message: "Check the languages.", fieldErrors: { languages: [`Unknown language: ${unknown.join(", ")}`] } };
  const skills = checkSkills(input);
  if (!skills.ok) return skills;
  try {
    const agent = await db.agent.create({
      data: {
        name: input.name,
        phone: input.phone,
        languages: { create: languages.map((languageCode) => ({ languageCode })) },
        skills: { create: skills.value },
      },
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
  const skills = checkSkills(input);
  if (!skills.ok) return skills;
  try {
    await db.$transaction([
      db.agent.update({ where: { id: agentId }, data: { name: input.name, phone: input.phone } }),
      db.agentLanguage.deleteMany({ where: { agentId, languageCode: { notIn: languages } } }),
      ...languages.map((languageCode) =>
        db.agentLanguage.upsert({ where: { agentId_languageCode: { agentId, languageCode } }, create: { agentId, languageCode }, update: {} }),
      ),
      db.agentSkill.deleteMany({ where: { agentId, skill: { notIn: skills.value.map((k) => k.skill) } } }),
      ...skills.value.map(({ skill, proficiency }) =>
        db.agentSkill.upsert({ where: { agentId_skill: { agentId, skill } }, create: { agentId, skill, proficiency }, update: { proficiency } }),
      ),
    ]);
    return { ok: true, value: { id: agentId } };
  } catch (err) {
    if (isUniqueViolation(err)) return { ok: false, message: PHONE_TAKEN, fieldErrors: { phone: [PHONE_TAKEN] } };
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2025") return { ok: false, message: "That agent no longer exists." };
    throw err;
  }
}
