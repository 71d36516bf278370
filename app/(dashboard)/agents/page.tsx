// Agent management: everyone on the floor, with edit and remove.
import Link from "next/link";
import { AvailabilityControl } from "@/components/availability-control";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";
import { RemoveAgentButton } from "@/components/remove-agent-button";
import { StatusBadge } from "@/components/status-badge";
import { buttonPrimary, buttonSecondary, card } from "@/components/ui-classes";
import { listReasons } from "@/lib/agent-state/dispositions";
import { listAgents } from "@/lib/agents/list-agents";
import { requireSupervisor } from "@/lib/auth/require-supervisor";
import { getDb } from "@/lib/db/client";
import { formatDuration } from "@/lib/dashboard/format";
import { z } from "zod";

export const dynamic = "force-dynamic";

export default async function AgentsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireSupervisor();
  const { saved, page: pageParam } = await searchParams;
  // A bad page number shows the first page (a page past the end shows the last).
  const requested = z.coerce.number().int().min(1).max(100_000).catch(1).parse(Array.isArray(pageParam) ? pageParam[0] : pageParam ?? 1);
  const { rows: agents, total, page, pages } = await listAgents(await getDb(), requested);
  const reasons = await listReasons(await getDb());
  return (
    <>
      <PageHeader
        title="Agents"
        description="Add, edit and remove agents. Agents on a call cannot be removed until the call ends."
        actions={<Link href="/agents/new" className={buttonPrimary}>Add agent</Link>}
      />
      {typeof saved === "string" ? (
        <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
          Saved {saved}.
        </p>
      ) : null}
      {agents.length === 0 ? (
        <EmptyState title="No agents yet">Add the first agent so calls can be routed.</EmptyState>
      ) : (
        <div className={`${card} overflow-x-auto`}>
          <table className="w-full text-sm" data-testid="agents-table">
            <caption className="sr-only">All agents</caption>
            <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th scope="col" className="px-4 py-2">Agent</th>
                <th scope="col" className="px-2 py-2">Languages</th>
                <th scope="col" className="px-2 py-2">Status</th>
                <th scope="col" className="px-2 py-2 text-right">Calls</th>
                <th scope="col" className="px-2 py-2 text-right">Avg talk</th>
                <th scope="col" className="px-2 py-2 text-right">Rating</th>
                <th scope="col" className="px-2 py-2">Availability</th>
                <th scope="col" className="px-4 py-2"><span className="sr-only">Actions</span></th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {agents.map((a) => (
                <tr key={a.id} data-testid="manage-agent-row">
                  <td className="px-4 py-2">
                    <p className="font-medium text-slate-900">
                      {a.name}
                      {a.coachingFlag ? <span className="ml-2 rounded bg-rose-100 px-1.5 py-0.5 text-[10px] font-bold uppercase text-rose-700">coaching</span> : null}
                    </p>
                    <p className="font-mono text-xs text-slate-500">{a.phone}</p>
                  </td>
                  <td className="px-2 py-2 uppercase">{a.languages.join(", ")}</td>
                  <td className="px-2 py-2"><StatusBadge status={a.status} /></td>
                  <td className="px-2 py-2 text-right tabular-nums">{a.totalCalls}</td>
                  <td className="px-2 py-2 text-right tabular-nums">{formatDuration(a.avgCallDuration)}</td>
                  <td className="px-2 py-2 text-right tabular-nums">{a.avgRating === null ? "—" : `${a.avgRating.toFixed(2)} (${a.ratingCount})`}</td>
                  <td className="px-2 py-2"><AvailabilityControl agentId={a.id} name={a.name} status={a.status} reasons={reasons} /></td>
                  <td className="px-4 py-2">
                    <div className="flex items-start justify-end gap-2">
                      <Link href={`/agents/${a.id}`} className={buttonSecondary} aria-label={`Edit ${a.name}`}>Edit</Link>
                      <RemoveAgentButton agentId={a.id} name={a.name} />
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {pages > 1 ? (
            <nav className="flex items-center justify-between gap-2 border-t border-slate-100 px-4 py-2 text-sm" aria-label="Agent pages" data-testid="agents-pager">
              {page > 1 ? <Link className="text-indigo-700 underline" href={`/agents?page=${page - 1}`}>Previous</Link> : <span />}
              <span className="text-slate-600">Page {page} of {pages} · {total} agents</span>
              {page < pages ? <Link className="text-indigo-700 underline" href={`/agents?page=${page + 1}`}>Next</Link> : <span />}
            </nav>
          ) : null}
        </div>
      )}
    </>
  );
}
