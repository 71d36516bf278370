"use server";
// Server actions behind the agent forms and board buttons: session check, zod validation, the change, then a
// realtime signal so every other supervisor's board updates too.
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { auditAction } from "../audit/audit-request";
import { requireSupervisor } from "../auth/require-supervisor";
import { getDb } from "../db/client";
import { runAction } from "../http/errors";
import { publish } from "../realtime/publish";
import { agentInput, availabilityInput, type AgentFieldErrors, skillsFromForm } from "./agent-input";
import { type AccountFieldErrors, agentAccountInput, saveAgentAccount } from "./agent-account";
import { removeAgent } from "./remove-agent";
import { createAgent, updateAgent } from "./save-agent";
import { setAgentAvailability } from "./set-agent-availability";

export type AgentFormState = {
  message?: string;
  fieldErrors?: AgentFieldErrors & AccountFieldErrors;
  values?: { name: string; phone: string; languages: string[]; skills: Array<{ skill: string; proficiency: string }> };
};

export type AgentActionState = { ok?: boolean; message?: string };

const text = (v: FormDataEntryValue | null) => (typeof v === "string" ? v : "");

async function saveAgent(_prev: AgentFormState, form: FormData): Promise<AgentFormState> {
  await requireSupervisor();
  const agentId = text(form.get("agentId"));
  const values = {
    name: text(form.get("name")),
    phone: text(form.get("phone")),
    languages: form.getAll("languages").map(text),
    skills: skillsFromForm(form.entries()),
  };
  const parsed = agentInput.safeParse(values);
  if (!parsed.success) return { values, fieldErrors: parsed.error.flatten().fieldErrors, message: "Check the highlighted fields." };
  const db = await getDb();
  const account = agentAccountInput.safeParse({ accountEmail: text(form.get("accountEmail")), accountPassword: text(form.get("accountPassword")) });
  if (!account.success) return { values, fieldErrors: account.error.flatten().fieldErrors, message: "Check the highlighted fields." };
  const result = agentId ? await updateAgent(db, agentId, parsed.data) : await createAgent(db, parsed.data);
  if (!result.ok) return { values, fieldErrors: result.fieldErrors, message: result.message };
  const saved = await saveAgentAccount(db, result.value.id, account.data);
  if (!saved.ok) return { values, fieldErrors: saved.fieldErrors, message: "The agent was saved; check their sign-in." };
  await publish("agent.changed", { agentId: result.value.id });
  await auditAction({ action: agentId ? "agent.updated" : "agent.created", target: result.value.id, detail: { name: parsed.data.name } }); // #15 audit
  revalidatePath("/", "layout");
  redirect(`/agents?saved=${encodeURIComponent(parsed.data.name)}`);
}

async function removeAgentNow(_prev: AgentActionState, form: FormData): Promise<AgentActionState> {
  await requireSupervisor();
  const agentId = text(form.get("agentId"));
  if (!agentId) return { ok: false, message: "Pick an agent to remove." };
  const db = await getDb();
  const result = await removeAgent(db, agentId);
  if (!result.ok) return { ok: false, message: result.message };
  await publish("agent.changed", { agentId });
  await auditAction({ action: "agent.removed", target: agentId, detail: { name: result.value.name } }); // #15 audit
  revalidatePath("/", "layout");
  return { ok: true, message: `${result.value.name} was removed.` };
}

async function setAvailability(_prev: AgentActionState, form: FormData): Promise<AgentActionState> {
  const supervisor = await requireSupervisor();
  const parsed = availabilityInput.safeParse({ agentId: form.get("agentId"), status: form.get("status") });
  if (!parsed.success) return { ok: false, message: parsed.error.issues[0]?.message ?? "Invalid request." };
  const db = await getDb();
  // The state change announces itself on the floor and the agent's channel (lib/agent-state/signals.ts).
  const result = await setAgentAvailability(db, parsed.data.agentId, parsed.data.status, supervisor.email);
  if (!result.ok) return { ok: false, message: result.message };
  await auditAction({ action: "agent.availability", target: parsed.data.agentId, detail: { status: parsed.data.status } }); // #15 audit
  revalidatePath("/", "layout");
  return { ok: true, message: `${result.value.name} is now ${result.value.status.toLowerCase().replace("_", " ")}.` };
}

// Through the one error layer (lib/http/errors.ts): an unexpected failure shows a message in the form and is logged.
export async function saveAgentAction(prev: AgentFormState, form: FormData): Promise<AgentFormState> {
  return runAction("agents/save", () => saveAgent(prev, form));
}

export async function removeAgentAction(prev: AgentActionState, form: FormData): Promise<AgentActionState> {
  return runAction("agents/remove", () => removeAgentNow(prev, form));
}

export async function setAvailabilityAction(prev: AgentActionState, form: FormData): Promise<AgentActionState> {
  return runAction("agents/availability", () => setAvailability(prev, form));
}
