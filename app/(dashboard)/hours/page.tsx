// Business hours per language (#18): the week and dated exceptions (holidays, special hours) in the call centre's
// zone. Supervisors and admins edit them; a language with no weekly hours is open 24/7.
import { DateTime } from "luxon";
import { PageHeader } from "@/components/page-header";
import { card } from "@/components/ui-classes";
import { requireSupervisor } from "@/lib/auth/session";
import { callCentreZone } from "@/lib/dashboard/time";
import { getDb } from "@/lib/db/client";
import { loadSchedule } from "@/lib/hours/load-schedule";
import { isOpen, nextOpening, formatMinute } from "@/lib/hours/schedule";
import { ExceptionForm, RemoveExceptionButton, WeekForm, type DayRow } from "./hours-forms";

export const metadata = { title: "Business hours — Switchboard" };

export default async function HoursPage() {
  await requireSupervisor();
  const db = await getDb();
  const zone = callCentreZone();
  const now = new Date();
  const today = DateTime.fromJSDate(now, { zone }).toFormat("yyyy-MM-dd");
  const languages = await db.language.findMany({
    orderBy: { menuDigit: "asc" },
    include: { hours: { orderBy: { weekday: "asc" } }, hoursExceptions: { where: { date: { gte: today } }, orderBy: { date: "asc" }, take: 200 } },
  });
  const status = await Promise.all(
    languages.map(async (l) => {
      const schedule = await loadSchedule(db, l.code, zone, now);
      if (isOpen(schedule, now, zone)) return "Open now";
      const next = nextOpening(schedule, now, zone);
      return next ? `Closed now · opens ${DateTime.fromJSDate(next, { zone }).toFormat("ccc d LLL HH:mm")}` : "Closed (no opening set)";
    }),
  );
  return (
    <>
      <PageHeader
        title="Business hours"
        description={`Per language, in the call centre's zone (${zone}). Outside them callers hear when you open next and may leave a voicemail. No weekly hours = open 24/7.`}
      />
      {languages.map((l, i) => {
        const days: DayRow[] = [1, 2, 3, 4, 5, 6, 7].map((weekday) => {
          const row = l.hours.find((h) => h.weekday === weekday);
          return row && !row.closed
            ? { weekday, open: true, opensAt: formatMinute(row.opensAt), closesAt: formatMinute(row.closesAt) }
            : { weekday, open: !row && l.hours.length === 0 && weekday <= 5, opensAt: "09:00", closesAt: "17:00" };
        });
        return (
          <section key={l.code} className={`${card} space-y-4 p-4`} aria-labelledby={`hours-${l.code}`}>
            <div className="flex flex-wrap items-baseline justify-between gap-2">
              <h2 id={`hours-${l.code}`} className="text-lg font-semibold text-slate-900">
                {l.name}
              </h2>
              <span className="text-sm text-slate-600" data-testid={`hours-status-${l.code}`}>
                {status[i]}
              </span>
            </div>
            <WeekForm language={l.code} enabled={l.hours.length > 0} days={days} />
            <div className="space-y-2">
              <h3 className="text-sm font-semibold text-slate-800">Holidays and special hours</h3>
              {l.hoursExceptions.length === 0 ? <p className="text-sm text-slate-500">None coming up.</p> : null}
              <ul className="divide-y divide-slate-100 text-sm">
                {l.hoursExceptions.map((e) => (
                  <li key={e.id} className="flex items-center justify-between gap-4 py-1.5">
                    <span>
                      <span className="font-medium">{e.date}</span>{" "}
                      {e.closed || e.opensAt === null || e.closesAt === null ? "closed all day" : `${formatMinute(e.opensAt)}–${formatMinute(e.closesAt)}`}
                      {e.label ? <span className="text-slate-500"> · {e.label}</span> : null}
                    </span>
                    <RemoveExceptionButton exceptionId={e.id} date={e.date} />
                  </li>
                ))}
              </ul>
              <ExceptionForm language={l.code} />
            </div>
          </section>
        );
      })}
    </>
  );
}
