// The one schema for the business-hours forms and their server actions (#18): a language's week and a dated
// exception. Times are "HH:MM" (24:00 allowed as a closing time); a close at or before its open is refused with
// the field named, and so is an impossible date. The language itself is checked against the database by the action.
import { z } from "zod";
import { isRealDay } from "../dashboard/time";
import { parseMinute } from "./schedule";

export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;
export const WEEKDAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"] as const;

const languageCode = z.string().trim().regex(/^[a-z]{2,3}(-[A-Za-z]{2,4})?$/, "Pick a language.");
const time = (label: string) =>
  z
    .string()
    .trim()
    .transform((v, ctx) => {
      const minute = parseMinute(v);
      if (minute === null) {
        ctx.addIssue({ code: "custom", message: `${label}: use a time like 09:00 (24:00 is the end of the day).` });
        return z.NEVER;
      }
      return minute;
    });

const day = z.discriminatedUnion("open", [
  z.object({ weekday: z.number().int().min(1).max(7), open: z.literal(false) }),
  z.object({ weekday: z.number().int().min(1).max(7), open: z.literal(true), opensAt: time("Opens"), closesAt: time("Closes") }),
]);

export const weekInput = z
  .object({
    language: languageCode,
    // Off: no weekly hours, the line is open 24/7 (exceptions still apply on their dates).
    enabled: z.boolean(),
    days: z.array(day).length(7),
  })
  .superRefine((v, ctx) => {
    v.days.forEach((d, i) => {
      if (d.open && d.closesAt <= d.opensAt) ctx.addIssue({ code: "custom", path: [`closes-${d.weekday}`], message: "Closes must be after opens." });
      if (d.open && d.opensAt >= 1440) ctx.addIssue({ code: "custom", path: [`opens-${d.weekday}`], message: "Opens must be before 24:00." });
      if (d.weekday !== i + 1) ctx.addIssue({ code: "custom", path: ["days"], message: "One entry per weekday, Monday first." });
    });
  });
export type WeekInput = z.infer<typeof weekInput>;

export const exceptionInput = z
  .object({
    language: languageCode,
    date: z.string().trim().refine(isRealDay, "Use a real date, YYYY-MM-DD."),
    closed: z.boolean(),
    opensAt: z.string().optional(),
    closesAt: z.string().optional(),
    label: z.string().trim().max(80, "At most 80 characters.").default(""),
  })
  .transform((v, ctx) => {
    if (v.closed) return { language: v.language, date: v.date, label: v.label, closed: true as const, opensAt: null, closesAt: null };
    const opensAt = parseMinute(v.opensAt ?? "");
    const closesAt = parseMinute(v.closesAt ?? "");
    if (opensAt === null) ctx.addIssue({ code: "custom", path: ["opensAt"], message: "Opens: use a time like 09:00." });
    if (closesAt === null) ctx.addIssue({ code: "custom", path: ["closesAt"], message: "Closes: use a time like 17:00 (24:00 is the end of the day)." });
    if (opensAt === null || closesAt === null) return z.NEVER;
    if (closesAt <= opensAt) {
      ctx.addIssue({ code: "custom", path: ["closesAt"], message: "Closes must be after opens." });
      return z.NEVER;
    }
    return { language: v.language, date: v.date, label: v.label, closed: false as const, opensAt, closesAt };
  });
export type ExceptionInput = z.infer<typeof exceptionInput>;

const text = (v: FormDataEntryValue | null) => (typeof v === "string" ? v : "");

/** The week form's fields: language, enabled, open-N / opens-N / closes-N for N = 1 (Monday) .. 7. */
export function weekFromForm(form: FormData): unknown {
  return {
    language: text(form.get("language")),
    enabled: form.get("enabled") === "on",
    days: WEEKDAYS.map((weekday) =>
      form.get(`open-${weekday}`) === "on"
        ? { weekday, open: true, opensAt: text(form.get(`opens-${weekday}`)), closesAt: text(form.get(`closes-${weekday}`)) }
        : { weekday, open: false },
    ),
  };
}

export function exceptionFromForm(form: FormData): unknown {
  return {
    language: text(form.get("language")),
    date: text(form.get("date")),
    closed: form.get("kind") !== "special",
    opensAt: text(form.get("opensAt")),
    closesAt: text(form.get("closesAt")),
    label: text(form.get("label")),
  };
}
