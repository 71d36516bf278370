// Call history: filter by language, agent, status, rating and date; page through; open a call's timeline.
import Link from "next/link";
import { EmptyState } from "@/components/empty-state";
import { FilterSelect } from "@/components/filter-select";
import { PageHeader } from "@/components/page-header";
import { StatusBadge } from "@/components/status-badge";
import { buttonPrimary, buttonSecondary, card, inputClass, labelClass, selectClass } from "@/components/ui-classes";
import { requireSupervisor } from "@/lib/auth/require-supervisor";
import { getDb } from "@/lib/db/client";
import { callHistoryQuery, searchParamsRecord } from "@/lib/dashboard/call-history-query";
import { CALL_STATUSES } from "@/lib/dashboard/call-statuses";
import { formatDateTime, formatDuration, titleCase } from "@/lib/dashboard/format";
import { loadCallHistory } from "@/lib/dashboard/load-call-history";
import { callCentreZone } from "@/lib/dashboard/time";

export const dynamic = "force-dynamic";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function HistoryPage({ searchParams }: { searchParams: SearchParams }) {
  await requireSupervisor();
  const zone = callCentreZone();
  const raw = searchParamsRecord(await searchParams);
  const parsed = callHistoryQuery.safeParse(raw);
  const db = await getDb();
  const [languages, agents] = await Promise.all([
    db.language.findMany({ orderBy: { menuDigit: "asc" } }),
    db.agent.findMany({ orderBy: { name: "asc" }, select: { id: true, name: true } }),
  ]);
  const query = parsed.success ? parsed.data : callHistoryQuery.parse({});
  const history = await loadCallHistory(db, query, zone);
  // Keyset paging: links carry the cursor of the edge row and the page number only as a label.
  const pageHref = (page: number | null, cursor: string | null, dir: "next" | "prev" | "last" | null) => {
    const params = new URLSearchParams(Object.entries(raw).filter(([k, v]) => v !== "" && !["page", "cursor", "dir"].includes(k)));
    if (page !== null) params.set("page", String(page));
    if (cursor) params.set("cursor", cursor);
    if (dir) params.set("dir", dir);
    return `/history?${params.toString()}`;
  };
  const exportHref = `/api/export/calls?${new URLSearchParams(Object.entries(raw).filter(([k, v]) => v !== "" && ["language", "agentId", "status", "rating", "from", "to"].includes(k))).toString()}`;
  const isLast = history.nextCursor === null;

  return (
    <>
      <PageHeader title="Call history" description={`${history.totalIsLowerBound ? `More than ${history.total.toLocaleString("en-US")} calls` : `${history.total} call${history.total === 1 ? "" : "s"}`} match. Times in ${zone}.`} />
      <form method="get" className={`${card} grid gap-3 p-4 sm:grid-cols-3 lg:grid-cols-7`} aria-label="Filter calls">
        <FilterSelect id="f-language" name="language" label="Language" value={raw.language} anyLabel="Any" options={languages.map((l) => ({ value: l.code, label: l.name }))} />
        <FilterSelect id="f-agent" name="agentId" label="Agent" value={raw.agentId} anyLabel="Any" options={agents.map((a) => ({ value: a.id, label: a.name }))} />
        <FilterSelect id="f-status" name="status" label="Status" value={raw.status} anyLabel="Any" options={CALL_STATUSES.map((s) => ({ value: s, label: titleCase(s) }))} />
        <div>
          <label htmlFor="f-rating" className={labelClass}>Rating</label>
          <select id="f-rating" name="rating" defaultValue={raw.rating ?? ""} className={selectClass}>
            <option value="">Any</option>
            {[4, 3, 2, 1].map((r) => (
              <option key={r} value={r}>{"★".repeat(r)} ({r})</option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="f-from" className={labelClass}>From</label>
          <input id="f-from" name="from" type="date" defaultValue={raw.from ?? ""} className={inputClass} />
        </div>
        <div>
          <label htmlFor="f-to" className={labelClass}>To</label>
          <input id="f-to" name="to" type="date" defaultValue={raw.to ?? ""} className={inputClass} />
        </div>
        <div className="flex items-end gap-2">
          <button type="submit" className={buttonPrimary}>Filter</button>
          <Link href="/history" className={buttonSecondary}>Clear</Link>
          <a href={exportHref} className={buttonSecondary} download>CSV</a>
        </div>
      </form>
      {!parsed.success ? (
        <p role="alert" className="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-800">
          Ignored invalid filters: {parsed.error.issues.map((i) => `${String(i.path[0] ?? "query")}: ${i.message}`).join("; ")}
        </p>
      ) : null}
      {history.rows.length === 0 ? (
        <EmptyState title="No calls match">Calls appear here once they reach the IVR. Try widening the filters.</EmptyState>
      ) : (
        <div className={`${card} overflow-x-auto`}>
          <table className="w-full text-sm" data-testid="history-table">
            <caption className="sr-only">Calls, newest first</caption>
            <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th scope="col" className="px-4 py-2">Started</th>
                <th scope="col" className="px-2 py-2">Caller</th>
                <th scope="col" className="px-2 py-2">Status</th>
                <th scope="col" className="px-2 py-2">Lang</th>
                <th scope="col" className="px-2 py-2">Agent</th>
                <th scope="col" className="px-2 py-2 text-right">Talk</th>
                <th scope="col" className="px-2 py-2 text-right">Total</th>
                <th scope="col" className="px-4 py-2 text-right">Rating</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {history.rows.map((c) => (
                <tr key={c.id} className="hover:bg-slate-50" data-testid="history-row">
                  <td className="px-4 py-2 whitespace-nowrap">
                    <Link href={`/history/${c.id}`} className="text-indigo-700 hover:underline">
                      {formatDateTime(c.startedAt, zone)}
                    </Link>
                  </td>
                  <td className="px-2 py-2">{c.direction === "OUTBOUND" ? c.to : c.from}</td>
                  <td className="px-2 py-2"><StatusBadge status={c.status} kind="call" /></td>
                  <td className="px-2 py-2 uppercase">{c.languageCode ?? "—"}</td>
                  <td className="px-2 py-2">{c.agent?.name ?? "—"}</td>
                  <td className="px-2 py-2 text-right tabular-nums">{formatDuration(c.talkSeconds)}</td>
                  <td className="px-2 py-2 text-right tabular-nums">{formatDuration(c.durationSeconds)}</td>
                  <td className="px-4 py-2 text-right" aria-label={c.rating ? `${c.rating} of 4` : "not rated"}>
                    {c.rating ? <span className="text-amber-500">{"★".repeat(c.rating)}<span className="text-slate-200">{"★".repeat(4 - c.rating)}</span></span> : "—"}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <nav aria-label="Pages" className="flex items-center justify-between border-t border-slate-100 px-4 py-2 text-sm">
            <span className="text-slate-500">
              {query.dir === "last" ? "Oldest calls" : `Page ${history.page}`}
              {history.pages !== null ? ` of ${history.pages}` : ""}
            </span>
            <span className="flex gap-2">
              {history.prevCursor ? <Link className={buttonSecondary} href={pageHref(null, null, null)}>Newest</Link> : null}
              {history.prevCursor ? <Link className={buttonSecondary} href={pageHref(query.dir === "last" ? null : Math.max(1, history.page - 1), history.prevCursor, "prev")}>Previous</Link> : null}
              {history.nextCursor ? <Link className={buttonSecondary} href={pageHref(history.page + 1, history.nextCursor, "next")}>Next</Link> : null}
              {!isLast ? <Link className={buttonSecondary} href={pageHref(history.pages, null, "last")}>Oldest</Link> : null}
            </span>
          </nav>
        </div>
      )}
    </>
  );
}
