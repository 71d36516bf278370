// The audit log: who did what, when, from where. Filters are a plain GET form; "Older" follows the keyset cursor.
import Link from "next/link";
import { PageHeader } from "@/components/page-header";
import { buttonPrimary, buttonSecondary, card, inputClass, labelClass, selectClass } from "@/components/ui-classes";
import { AUDIT_ACTIONS } from "@/lib/audit/record-audit";
import { auditFilters, listAudit } from "@/lib/audit/list-audit";
import { requireSupervisor } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";

export const metadata = { title: "Audit log — Switchboard" };

type Search = Record<string, string | string[] | undefined>;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || undefined;

export default async function AuditPage({ searchParams }: { searchParams: Promise<Search> }) {
  await requireSupervisor();
  const raw = await searchParams;
  const input = { actor: first(raw.actor), action: first(raw.action), from: first(raw.from), to: first(raw.to), cursor: first(raw.cursor) };
  const parsed = auditFilters.safeParse(input);
  const filters = parsed.success ? parsed.data : {};
  const { rows, nextCursor } = await listAudit(await getDb(), filters);
  const next = new URLSearchParams(Object.entries({ ...filters, cursor: nextCursor ?? "" }).filter((e): e is [string, string] => Boolean(e[1])));
  return (
    <>
      <PageHeader title="Audit log" description="Sign-ins, supervisor and agent changes, calls started or refused. Newest first; times in UTC." />
      <form method="get" className={`${card} grid gap-3 p-4 sm:grid-cols-5 sm:items-end`}>
        <div className="space-y-1">
          <label htmlFor="actor" className={labelClass}>Supervisor email</label>
          <input id="actor" name="actor" defaultValue={input.actor} className={inputClass} />
        </div>
        <div className="space-y-1">
          <label htmlFor="action" className={labelClass}>Action</label>
          <select id="action" name="action" defaultValue={input.action ?? ""} className={selectClass}>
            <option value="">Any</option>
            {AUDIT_ACTIONS.map((a) => (
              <option key={a} value={a}>{a}</option>
            ))}
          </select>
        </div>
        <div className="space-y-1">
          <label htmlFor="from" className={labelClass}>From (UTC day)</label>
          <input id="from" name="from" type="date" defaultValue={input.from} className={inputClass} />
        </div>
        <div className="space-y-1">
          <label htmlFor="to" className={labelClass}>To (UTC day)</label>
          <input id="to" name="to" type="date" defaultValue={input.to} className={inputClass} />
        </div>
        <button type="submit" className={buttonPrimary}>Filter</button>
        {!parsed.success ? (
          <p role="alert" className="text-sm text-rose-700 sm:col-span-5">
            {parsed.error.issues.map((i) => `${String(i.path[0])}: ${i.message}`).join("; ")} (showing everything instead)
          </p>
        ) : null}
      </form>
      <div className={`${card} overflow-x-auto`}>
        <table className="min-w-full divide-y divide-slate-200 text-sm" aria-label="Audit events">
          <thead className="bg-slate-50 text-left text-xs font-semibold uppercase text-slate-500">
            <tr>
              <th className="px-4 py-2">When (UTC)</th>
              <th className="px-4 py-2">Who</th>
              <th className="px-4 py-2">Action</th>
              <th className="px-4 py-2">What</th>
              <th className="px-4 py-2">From</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.length === 0 ? (
              <tr>
                <td colSpan={5} className="px-4 py-6 text-center text-slate-500">No audit events match.</td>
              </tr>
            ) : (
              rows.map((r) => (
                <tr key={r.id}>
                  <td className="whitespace-nowrap px-4 py-2 tabular-nums">{r.at.toISOString().replace("T", " ").slice(0, 19)}</td>
                  <td className="px-4 py-2">{r.actorEmail ?? "—"}</td>
                  <td className="px-4 py-2 font-medium">{r.action}</td>
                  <td className="max-w-96 truncate px-4 py-2 text-slate-600" title={r.detail ?? undefined}>
                    {[r.target, r.detail].filter(Boolean).join(" ")}
                  </td>
                  <td className="px-4 py-2 text-slate-500">{r.ip ?? "—"}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
      {nextCursor ? (
        <Link href={`/audit?${next.toString()}`} className={buttonSecondary}>
          Older events
        </Link>
      ) : null}
    </>
  );
}
