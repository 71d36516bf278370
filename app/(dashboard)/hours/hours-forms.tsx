"use client";
// The week form and the exception form of the business-hours page; errors show next to their field.
import { useActionState } from "react";
import { FieldError } from "@/components/field-error";
import { buttonDanger, buttonPrimary, buttonSecondary, inputClass, labelClass } from "@/components/ui-classes";
import { removeExceptionAction, saveExceptionAction, saveWeekAction, type HoursFormState } from "@/lib/hours/hours-actions";

export type DayRow = { weekday: number; open: boolean; opensAt: string; closesAt: string };
const NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

function Status({ state }: { state: HoursFormState }) {
  return (
    <p role="status" aria-live="polite" className={`text-xs ${state.ok === false ? "text-rose-700" : "text-emerald-700"}`}>
      {state.message}
    </p>
  );
}

export function WeekForm({ language, enabled, days }: { language: string; enabled: boolean; days: DayRow[] }) {
  const [state, action, pending] = useActionState<HoursFormState, FormData>(saveWeekAction, {});
  const id = (name: string) => `${language}-${name}`;
  return (
    <form action={action} className="space-y-2" noValidate aria-label={`Weekly hours (${language})`}>
      <input type="hidden" name="language" value={language} />
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="enabled" defaultChecked={enabled} /> Use these hours (unchecked: open 24/7)
      </label>
      <div className="grid gap-x-4 gap-y-1 sm:grid-cols-[8rem_5rem_9rem_9rem]">
        {days.map((d) => (
          <div key={d.weekday} className="contents">
            <span className="self-center text-sm font-medium text-slate-700">{NAMES[d.weekday - 1]}</span>
            <label className="flex items-center gap-1 self-center text-sm">
              <input type="checkbox" name={`open-${d.weekday}`} defaultChecked={d.open} /> open
            </label>
            <div>
              <input
                id={id(`opens-${d.weekday}`)}
                name={`opens-${d.weekday}`}
                defaultValue={d.opensAt}
                aria-label={`${NAMES[d.weekday - 1]} opens`}
                aria-invalid={Boolean(state.fieldErrors?.[`opens-${d.weekday}`])}
                aria-describedby={id(`opens-${d.weekday}-error`)}
                className={inputClass}
                placeholder="09:00"
              />
              <FieldError id={id(`opens-${d.weekday}-error`)} errors={state.fieldErrors?.[`opens-${d.weekday}`]} />
            </div>
            <div>
              <input
                id={id(`closes-${d.weekday}`)}
                name={`closes-${d.weekday}`}
                defaultValue={d.closesAt}
                aria-label={`${NAMES[d.weekday - 1]} closes`}
                aria-invalid={Boolean(state.fieldErrors?.[`closes-${d.weekday}`])}
                aria-describedby={id(`closes-${d.weekday}-error`)}
                className={inputClass}
                placeholder="17:00"
              />
              <FieldError id={id(`closes-${d.weekday}-error`)} errors={state.fieldErrors?.[`closes-${d.weekday}`]} />
            </div>
          </div>
        ))}
      </div>
      <FieldError id={id("language-error")} errors={state.fieldErrors?.language} />
      <div className="flex items-center gap-3">
        <button type="submit" className={buttonPrimary} disabled={pending}>
          Save hours
        </button>
        <Status state={state} />
      </div>
    </form>
  );
}

export function ExceptionForm({ language }: { language: string }) {
  const [state, action, pending] = useActionState<HoursFormState, FormData>(saveExceptionAction, {});
  const id = (name: string) => `${language}-exc-${name}`;
  const field = (name: string, label: string, placeholder: string) => (
    <div className="space-y-1">
      <label htmlFor={id(name)} className={labelClass}>
        {label}
      </label>
      <input
        id={id(name)}
        name={name}
        placeholder={placeholder}
        aria-invalid={Boolean(state.fieldErrors?.[name])}
        aria-describedby={id(`${name}-error`)}
        className={inputClass}
      />
      <FieldError id={id(`${name}-error`)} errors={state.fieldErrors?.[name]} />
    </div>
  );
  return (
    <form action={action} className="grid gap-3 sm:grid-cols-6 sm:items-start" noValidate aria-label={`Add an exception (${language})`}>
      <input type="hidden" name="language" value={language} />
      {field("date", "Date", "2026-12-25")}
      <div className="space-y-1">
        <label htmlFor={id("kind")} className={labelClass}>
          Kind
        </label>
        <select id={id("kind")} name="kind" className={inputClass} defaultValue="closed">
          <option value="closed">Closed all day</option>
          <option value="special">Special hours</option>
        </select>
      </div>
      {field("opensAt", "Opens", "10:00")}
      {field("closesAt", "Closes", "14:00")}
      {field("label", "Label", "Christmas")}
      <div className="space-y-1 sm:pt-6">
        <button type="submit" className={buttonSecondary} disabled={pending}>
          Add
        </button>
        <Status state={state} />
      </div>
    </form>
  );
}

export function RemoveExceptionButton({ exceptionId, date }: { exceptionId: string; date: string }) {
  const [state, action, pending] = useActionState<HoursFormState, FormData>(removeExceptionAction, {});
  return (
    <form action={action} className="flex items-center gap-2">
      <input type="hidden" name="exceptionId" value={exceptionId} />
      <button type="submit" className={buttonDanger} disabled={pending} aria-label={`Remove ${date}`}>
        Remove
      </button>
      <Status state={state} />
    </form>
  );
}
