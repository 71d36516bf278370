"use client";
// Add / edit an agent. Errors come back from the server action per field and are announced.
import Link from "next/link";
import { useActionState } from "react";
import { saveAgentAction, type AgentFormState } from "@/lib/agents/agent-actions";
import { SKILL_LABELS, SKILLS } from "@/lib/routing/skills";
import { FieldError } from "./field-error";
import { buttonPrimary, buttonSecondary, card, inputClass, labelClass } from "./ui-classes";

type Props = {
  agent?: {
    id: string;
    name: string;
    phone: string;
    languages: string[];
    skills?: Array<{ skill: string; proficiency: number }>;
    accountEmail?: string | null;
  };
  languages: Array<{ code: string; name: string }>;
};

export function AgentForm({ agent, languages }: Props) {
  const [state, action, pending] = useActionState<AgentFormState, FormData>(saveAgentAction, {});
  const values = state.values ?? {
    name: agent?.name ?? "",
    phone: agent?.phone ?? "",
    languages: agent?.languages ?? [],
    skills: (agent?.skills ?? []).map((k) => ({ skill: k.skill, proficiency: String(k.proficiency) })),
  };
  const proficiencyOf = (skill: string) => values.skills.find((k) => k.skill === skill)?.proficiency ?? "";
  return (
    <form action={action} className={`${card} max-w-xl space-y-4 p-6`} noValidate key={JSON.stringify(values)}>
      {agent ? <input type="hidden" name="agentId" value={agent.id} /> : null}
      <div className="space-y-1">
        <label htmlFor="agent-name" className={labelClass}>Name</label>
        <input id="agent-name" name="name" defaultValue={values.name} className={inputClass} aria-invalid={Boolean(state.fieldErrors?.name)} aria-describedby="agent-name-error" autoComplete="off" />
        <FieldError id="agent-name-error" errors={state.fieldErrors?.name} />
      </div>
      <div className="space-y-1">
        <label htmlFor="agent-phone" className={labelClass}>Phone (E.164)</label>
        <input id="agent-phone" name="phone" type="tel" inputMode="tel" placeholder="+14155550100" defaultValue={values.phone} className={inputClass} aria-invalid={Boolean(state.fieldErrors?.phone)} aria-describedby="agent-phone-hint agent-phone-error" />
        <p id="agent-phone-hint" className="text-xs text-slate-500">International format with country code; Plivo dials this number.</p>
        <FieldError id="agent-phone-error" errors={state.fieldErrors?.phone} />
      </div>
      <fieldset className="space-y-1" aria-describedby="agent-languages-error">
        <legend className={labelClass}>Languages</legend>
        <div className="flex flex-wrap gap-4 pt-1">
          {languages.map((l) => (
            <label key={l.code} className="flex items-center gap-2 text-sm">
              <input type="checkbox" name="languages" value={l.code} defaultChecked={values.languages.includes(l.code)} className="h-4 w-4 rounded border-slate-300 text-indigo-600" />
              {l.name}
            </label>
          ))}
        </div>
        <FieldError id="agent-languages-error" errors={state.fieldErrors?.languages} />
      </fieldset>
      <fieldset className="space-y-1" aria-describedby="agent-skills-hint agent-skills-error">
        <legend className={labelClass}>Skills</legend>
        <p id="agent-skills-hint" className="text-xs text-slate-500">
          Proficiency 1 (learning) to 5 (expert); leave empty if the agent does not have the skill. Callers who need a skill
          (by the number they dialled) go only to agents who have it, the more proficient first.
        </p>
        <div className="grid grid-cols-2 gap-3 pt-1">
          {SKILLS.map((skill) => (
            <label key={skill} className="flex items-center justify-between gap-2 text-sm">
              {SKILL_LABELS[skill]}
              <input
                name={`skill.${skill}`}
                type="number"
                inputMode="numeric"
                min={1}
                max={5}
                step={1}
                defaultValue={proficiencyOf(skill)}
                aria-label={`${SKILL_LABELS[skill]} proficiency`}
                aria-invalid={Boolean(state.fieldErrors?.skills)}
                className={`${inputClass} w-20`}
              />
            </label>
          ))}
        </div>
        <FieldError id="agent-skills-error" errors={state.fieldErrors?.skills} />
      </fieldset>
      <fieldset className="space-y-2">
        <legend className={labelClass}>Sign-in for the agent&apos;s workspace</legend>
        <div className="space-y-1">
          <label htmlFor="agent-account-email" className="text-xs text-slate-600">Email</label>
          <input id="agent-account-email" name="accountEmail" type="email" defaultValue={agent?.accountEmail ?? ""} className={inputClass} aria-invalid={Boolean(state.fieldErrors?.accountEmail)} aria-describedby="agent-account-email-error" autoComplete="off" />
          <FieldError id="agent-account-email-error" errors={state.fieldErrors?.accountEmail} />
        </div>
        <div className="space-y-1">
          <label htmlFor="agent-account-password" className="text-xs text-slate-600">{agent?.accountEmail ? "New password (leave empty to keep)" : "Initial password"}</label>
          <input id="agent-account-password" name="accountPassword" type="password" className={inputClass} aria-invalid={Boolean(state.fieldErrors?.accountPassword)} aria-describedby="agent-account-password-error" autoComplete="new-password" />
          <FieldError id="agent-account-password-error" errors={state.fieldErrors?.accountPassword} />
        </div>
      </fieldset>
      <div role="alert" aria-live="polite" className="min-h-5 text-sm text-rose-700">
        {state.message}
      </div>
      <div className="flex gap-2">
        <button type="submit" className={buttonPrimary} disabled={pending}>
          {pending ? "Saving…" : agent ? "Save changes" : "Add agent"}
        </button>
        <Link href="/agents" className={buttonSecondary}>Cancel</Link>
      </div>
    </form>
  );
}
