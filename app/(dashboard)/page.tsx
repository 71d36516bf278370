// Agent board: per language, the heap order with each agent's live score and its terms; a bounded page of rows per
// language (search, state filter, sort) with the floor's counts per state above, so a 500-agent floor renders 50 rows.
import Link from "next/link";
import { BoardLive, BoardRow, LiveCounts, NextUp } from "@/components/board-live";
import { EmptyState } from "@/components/empty-state";
import { FilterSelect } from "@/components/filter-select";
import { PageHeader } from "@/components/page-header";
import { buttonPrimary, buttonSecondary, card, inputClass, labelClass } from "@/components/ui-classes";
import { loadBoardStates } from "@/lib/agent-state/board-states";
import { requireSupervisor } from "@/lib/auth/require-supervisor";
import { getDb } from "@/lib/db/client";
import { titleCase } from "@/lib/dashboard/format";
import { AGENT_STATES, BOARD_PAGE_SIZE, boardQuery, pageLanguage, type BoardQuery } from "@/lib/dashboard/board-query";
import { searchParamsRecord } from "@/lib/dashboard/call-history-query";
import { loadBoard, loadStateCounts, type BoardAgent } from "@/lib/dashboard/load-board";
import { toBoardRow } from "@/lib/realtime/board-row";
import { renderClock } from "@/lib/realtime/live-patch";
import { resolveConfig } from "@/lib/routing/config";

export const dynamic = "force-dynamic";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function BoardPage({ searchParams }: { searchParams: SearchParams }) {
  await requireSupervisor();
  const renderedAt = renderClock(); // rows patched after this (components/board-live.tsx) show their patch
  const raw = searchParamsRecord(await searchParams);
  const parsed = boardQuery.safeParse(raw);
  const query: BoardQuery = parsed.success ? parsed.data : boardQuery.parse({});
  const db = await getDb();
  const { states, reasons } = await loadBoardStates(db);
  const [fullBoard, counts] = await Promise.all([loadBoard(db), loadStateCounts(db)]);
  const statusOf = (a: BoardAgent) => states.get(a.id)?.status ?? a.status;
  const board = fullBoard.filter((l) => !query.lang || l.code === query.lang).map((l) => pageLanguage(l, query, statusOf));
  const filtered = Boolean(query.q || query.state);
  const pageHref = (lang: string, page: number) => {
    const params = new URLSearchParams(Object.entries(raw).filter(([k, v]) => v !== "" && !["lang", "page"].includes(k)));
    params.set("lang", lang);
    if (page > 1) params.set("page", String(page));
    return `/?${params.toString()}`;
  };
  const w = resolveConfig(); // the configured weights (ROUTING_WEIGHT_*), not the defaults
  return (
    <>
      <PageHeader
        title="Agent board"
        description={`Heap order per language: lower score is next up. score = recent calls × ${w.weightRecentCalls} + avg duration (min) × ${w.weightDurationMinutes} − avg rating × ${w.weightRating}${w.weightExploration ? ` − ${w.weightExploration} / √(ratings + 1) (explore)` : ""} − ${w.weightSkill} × proficiency for a caller needing a skill. Priority moves a caller ${w.priorityBoostSeconds} s earlier in line per level; ${w.preferredAgent ? `returning callers go to the agent they last rated 3-4 when free${w.preferredWaitSeconds > 0 ? ` or wait up to ${w.preferredWaitSeconds} s for them` : ""}` : "preferred agent off"}.`}
        actions={
          <Link href="/agents/new" className={buttonPrimary}>
            Add agent
          </Link>
        }
      />
      <BoardLive renderedAt={renderedAt} />
      <div className={`${card} mb-4 flex flex-col gap-3 p-4`}>
        <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
          <span className="text-sm font-medium text-slate-900">Floor</span>
          <LiveCounts counts={counts.floor} scope={null} renderedAt={renderedAt} states={AGENT_STATES} testId="floor-state-counts" />
        </div>
        <form method="get" className="grid gap-3 sm:grid-cols-2 lg:grid-cols-5" aria-label="Filter agents">
          <div>
            <label htmlFor="b-q" className={labelClass}>Search</label>
            <input id="b-q" name="q" type="search" defaultValue={raw.q ?? ""} placeholder="Name or phone" maxLength={80} className={inputClass} />
          </div>
          <FilterSelect id="b-state" name="state" label="State" value={raw.state} anyLabel="Any" options={AGENT_STATES.map((s) => ({ value: s, label: titleCase(s) }))} />
          <FilterSelect id="b-lang" name="lang" label="Language" value={raw.lang} anyLabel="All" options={fullBoard.map((l) => ({ value: l.code, label: l.name }))} />
          <FilterSelect
            id="b-sort"
            name="sort"
            label="Sort"
            value={raw.sort ?? "rank"}
            options={[
              { value: "rank", label: "Routing order" },
              { value: "name", label: "Name" },
              { value: "today", label: "Calls today" },
            ]}
          />
          <div className="flex items-end gap-2">
            <button type="submit" className={buttonPrimary}>Show</button>
            <Link href="/" className={buttonSecondary}>Reset</Link>
          </div>
        </form>
        {!parsed.success ? (
          <p role="alert" className="text-sm text-rose-700" data-testid="board-filter-error">
            Ignored invalid filters: {parsed.error.issues.map((i) => `${String(i.path[0] ?? "query")}: ${i.message}`).join("; ")}
          </p>
        ) : null}
      </div>
      {board.length === 0 ? <EmptyState title="No languages are enabled">Enable a language to start routing calls.</EmptyState> : null}
      <div className="grid gap-6 xl:grid-cols-2">
        {board.map((lang) => (
          <section key={lang.code} aria-labelledby={`lang-${lang.code}`} className={card} data-testid={`board-${lang.code}`}>
            <div className="flex items-center justify-between gap-2 border-b border-slate-100 px-4 py-3">
              <h2 id={`lang-${lang.code}`} className="font-semibold text-slate-900">
                {lang.name} <span className="font-normal text-slate-500">({lang.total} agents{filtered ? `, ${lang.matched} match` : ""})</span>
              </h2>
              <p className="text-sm text-slate-600" data-testid="next-up">
                Next up:{" "}
                <NextUp agent={lang.nextUp ? { id: lang.nextUp.id, name: lang.nextUp.name } : null} renderedAt={renderedAt} />
              </p>
            </div>
            <div className="border-b border-slate-100 px-4 py-2">
              <LiveCounts counts={counts.byLanguage.get(lang.code) ?? {}} scope={lang.code} renderedAt={renderedAt} states={AGENT_STATES} testId="language-state-counts" />
            </div>
            {lang.total > 0 && lang.agents.length === 0 ? (
              <p className="p-4 text-sm text-slate-600">No {lang.name} agents match these filters.</p>
            ) : lang.agents.length === 0 ? (
              <div className="p-4">
                <EmptyState title={`No agents speak ${lang.name}`}>
                  <Link className="text-indigo-700 underline" href="/agents/new">
                    Add one
                  </Link>{" "}
                  so callers choosing {lang.name} can reach someone.
                </EmptyState>
              </div>
            ) : (
              <table className="w-full text-sm">
                <caption className="sr-only">{lang.name} agents in routing order</caption>
                <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
                  <tr>
                    <th scope="col" className="px-4 py-2">#</th>
                    <th scope="col" className="px-2 py-2">Agent</th>
                    <th scope="col" className="px-2 py-2">Status</th>
                    <th scope="col" className="px-2 py-2 text-right">Score</th>
                    <th scope="col" className="px-2 py-2 text-right">Today</th>
                    <th scope="col" className="px-4 py-2 text-right">
                      <span className="sr-only">Availability</span>
                    </th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {lang.agents.map((a) => (
                    <BoardRow key={a.id} row={toBoardRow(a, states.get(a.id))} renderedAt={renderedAt} nextUp={a.id === lang.nextUp?.id} reasons={reasons} />
                  ))}
                </tbody>
              </table>
            )}
            {lang.pages > 1 ? (
              <nav className="flex items-center justify-between gap-2 border-t border-slate-100 px-4 py-2 text-sm" aria-label={`${lang.name} agent pages`} data-testid="board-pager">
                {lang.page > 1 ? <Link className="text-indigo-700 underline" href={pageHref(lang.code, lang.page - 1)}>Previous</Link> : <span />}
                <span className="text-slate-600">
                  Page {lang.page} of {lang.pages} · rows {(lang.page - 1) * BOARD_PAGE_SIZE + 1}–{(lang.page - 1) * BOARD_PAGE_SIZE + lang.agents.length} of {lang.matched}
                </span>
                {lang.page < lang.pages ? <Link className="text-indigo-700 underline" href={pageHref(lang.code, lang.page + 1)}>Next</Link> : <span />}
              </nav>
            ) : null}
          </section>
        ))}
      </div>
    </>
  );
}
