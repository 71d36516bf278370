// Shown inside the dashboard shell while a page's server data loads, so navigation answers at once.
import { card } from "@/components/ui-classes";

export default function DashboardLoading() {
  return (
    <div role="status" aria-live="polite" className={`${card} animate-pulse space-y-3 p-6`}>
      <span className="sr-only">Loading…</span>
      <div className="h-5 w-48 rounded bg-slate-200" />
      <div className="h-4 w-full rounded bg-slate-100" />
      <div className="h-4 w-5/6 rounded bg-slate-100" />
      <div className="h-4 w-2/3 rounded bg-slate-100" />
    </div>
  );
}
