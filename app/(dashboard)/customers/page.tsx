// Customers with a routing priority (#19): each level puts the caller ROUTING_PRIORITY_BOOST_SECONDS earlier in line.
import { CustomerPriorityForm } from "@/components/customer-priority-form";
import { PageHeader } from "@/components/page-header";
import { card } from "@/components/ui-classes";
import { requireSupervisor } from "@/lib/auth/require-supervisor";
import { listPriorityCustomers } from "@/lib/customers/customer-priority";
import { getDb } from "@/lib/db/client";
import { resolveConfig } from "@/lib/routing/config";

export const dynamic = "force-dynamic";
export const metadata = { title: "Customers — Switchboard" };

export default async function CustomersPage() {
  await requireSupervisor();
  const customers = await listPriorityCustomers(await getDb());
  const boost = resolveConfig().priorityBoostSeconds;
  return (
    <>
      <PageHeader
        title="Caller priority"
        description={`Each priority level puts a caller ${boost} s earlier in line than their arrival; their place then ages like everyone's, so nobody waits for ever behind them. Set 0 to make a caller normal again.`}
      />
      <CustomerPriorityForm />
      <div className={`${card} overflow-x-auto`}>
        <table className="min-w-full divide-y divide-slate-200 text-sm" data-testid="priority-customers">
          <caption className="sr-only">Customers with a priority</caption>
          <thead className="bg-slate-50 text-left text-xs font-semibold uppercase text-slate-500">
            <tr>
              <th scope="col" className="px-4 py-2">Number</th>
              <th scope="col" className="px-4 py-2">Priority</th>
              <th scope="col" className="px-4 py-2">Calls</th>
              <th scope="col" className="px-4 py-2">Last agent (rating)</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {customers.length === 0 ? (
              <tr>
                <td colSpan={4} className="px-4 py-6 text-center text-slate-500">No caller has a priority.</td>
              </tr>
            ) : (
              customers.map((c) => (
                <tr key={c.id}>
                  <td className="px-4 py-2 font-medium text-slate-900">{c.phone}</td>
                  <td className="px-4 py-2 tabular-nums">{c.priority}</td>
                  <td className="px-4 py-2 tabular-nums">{c.totalCalls}</td>
                  <td className="px-4 py-2">{c.lastAgent ? `${c.lastAgent.name} (${c.lastRating ?? "–"})` : "–"}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
    </>
  );
}
