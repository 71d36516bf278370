// Admin only: who can sign in to the dashboard; add and remove supervisors.
import { PageHeader } from "@/components/page-header";
import { card } from "@/components/ui-classes";
import { requireAdmin } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { AddSupervisorForm, RemoveSupervisorButton } from "./supervisor-forms";

export const metadata = { title: "Supervisors — Switchboard" };

export default async function SupervisorsPage() {
  const me = await requireAdmin();
  const supervisors = await (await getDb()).supervisor.findMany({
    orderBy: { createdAt: "asc" },
    select: { id: true, name: true, email: true, role: true, createdAt: true },
    take: 500,
  });
  return (
    <>
      <PageHeader title="Supervisors" description="Who can sign in. Removing someone signs them out everywhere at once." />
      <AddSupervisorForm />
      <div className={`${card} overflow-x-auto`}>
        <table className="min-w-full divide-y divide-slate-200 text-sm">
          <thead className="bg-slate-50 text-left text-xs font-semibold uppercase text-slate-500">
            <tr>
              <th className="px-4 py-2">Name</th>
              <th className="px-4 py-2">Email</th>
              <th className="px-4 py-2">Role</th>
              <th className="px-4 py-2">Since</th>
              <th className="px-4 py-2" />
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {supervisors.map((s) => (
              <tr key={s.id}>
                <td className="px-4 py-2 font-medium text-slate-900">{s.name}</td>
                <td className="px-4 py-2">{s.email}</td>
                <td className="px-4 py-2">{s.role === "ADMIN" ? "Admin" : "Supervisor"}</td>
                <td className="px-4 py-2 text-slate-500">{s.createdAt.toISOString().slice(0, 10)}</td>
                <td className="px-4 py-2 text-right">{s.id === me.id ? <span className="text-xs text-slate-500">you</span> : <RemoveSupervisorButton supervisorId={s.id} email={s.email} />}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
