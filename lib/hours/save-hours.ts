// Writes behind the business-hours page (#18), without Next: validate, check the language exists, then replace the
// language's week or one dated exception in one transaction. Nothing is stored when anything is invalid.
import type { Db } from "../db/client";
import { HttpError, type Issue } from "../http/errors";
import { exceptionInput, weekInput, type ExceptionInput, type WeekInput } from "./hours-input";
import { forgetSchedules } from "./load-schedule";
import type { z } from "zod";

/** "days.2.opensAt" -> "opens-3": issues keyed by the form's field names. */
function formIssues(error: z.ZodError): Issue[] {
  return error.issues.map((i) => {
    const [first, index, field] = i.path;
    if (first === "days" && typeof index === "number" && (field === "opensAt" || field === "closesAt")) {
      return { param: `${field === "opensAt" ? "opens" : "closes"}-${index + 1}`, message: i.message };
    }
    return { param: i.path.join(".") || "input", message: i.message };
  });
}

async function requireLanguage(db: Db, code: string): Promise<void> {
  if (!(await db.language.findUnique({ where: { code }, select: { code: true } }))) {
    throw new HttpError(400, "Unknown language.", [{ param: "language", message: `There is no language "${code}".` }]);
  }
}

export async function saveWeek(db: Db, raw: unknown): Promise<WeekInput> {
  const parsed = weekInput.safeParse(raw);
  if (!parsed.success) throw new HttpError(400, "Check the highlighted fields.", formIssues(parsed.error));
  const week = parsed.data;
  await requireLanguage(db, week.language);
  await db.$transaction([
    db.businessHours.deleteMany({ where: { languageCode: week.language } }),
    ...(week.enabled
      ? week.days.map((d) =>
          db.businessHours.create({
            data: d.open
              ? { languageCode: week.language, weekday: d.weekday, closed: false, opensAt: d.opensAt, closesAt: d.closesAt }
              : { languageCode: week.language, weekday: d.weekday, closed: true, opensAt: 0, closesAt: 0 },
          }),
        )
      : []),
  ]);
  forgetSchedules(db); // callers on this instance hear the new hours at once (others within SCHEDULE_TTL_MS)
  return week;
}

export async function saveException(db: Db, raw: unknown): Promise<ExceptionInput> {
  const parsed = exceptionInput.safeParse(raw);
  if (!parsed.success) throw new HttpError(400, "Check the highlighted fields.", formIssues(parsed.error));
  const e = parsed.data;
  await requireLanguage(db, e.language);
  const data = { closed: e.closed, opensAt: e.opensAt, closesAt: e.closesAt, label: e.label };
  // One exception per language and date: adding one for a date that has one replaces it.
  await db.hoursException.upsert({
    where: { languageCode_date: { languageCode: e.language, date: e.date } },
    create: { languageCode: e.language, date: e.date, ...data },
    update: data,
  });
  forgetSchedules(db);
  return e;
}

export async function removeException(db: Db, id: string): Promise<{ languageCode: string; date: string }> {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) throw new HttpError(400, "Pick an exception to remove.");
  const found = await db.hoursException.findUnique({ where: { id }, select: { languageCode: true, date: true } });
  if (!found) throw new HttpError(404, "That exception was already removed.");
  await db.hoursException.deleteMany({ where: { id } });
  forgetSchedules(db);
  return found;
}
