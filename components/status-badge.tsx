import { titleCase } from "@/lib/dashboard/format";

const AGENT: Record<string, string> = {
  AVAILABLE: "bg-emerald-50 text-emerald-700 ring-emerald-600/20",
  BUSY: "bg-amber-50 text-amber-800 ring-amber-600/20",
  WRAP_UP: "bg-sky-50 text-sky-700 ring-sky-600/20",
  NOT_READY: "bg-violet-50 text-violet-700 ring-violet-600/20",
  OFFLINE: "bg-slate-100 text-slate-600 ring-slate-500/20",
};

const CALL: Record<string, string> = {
  RINGING: "bg-sky-50 text-sky-700 ring-sky-600/20",
  IN_IVR: "bg-indigo-50 text-indigo-700 ring-indigo-600/20",
  QUEUED: "bg-orange-50 text-orange-700 ring-orange-600/20",
  CONNECTING: "bg-amber-50 text-amber-800 ring-amber-600/20",
  CONNECTED: "bg-emerald-50 text-emerald-700 ring-emerald-600/20",
  COMPLETED: "bg-slate-100 text-slate-700 ring-slate-500/20",
  ABANDONED: "bg-rose-50 text-rose-700 ring-rose-600/20",
  FAILED: "bg-rose-50 text-rose-700 ring-rose-600/20",
};

export function StatusBadge({ status, kind = "agent", testId }: { status: string; kind?: "agent" | "call"; testId?: string }) {
  const style = (kind === "agent" ? AGENT : CALL)[status] ?? "bg-slate-100 text-slate-700 ring-slate-500/20";
  return (
    <span data-testid={testId} data-status={status} className={`inline-flex items-center rounded-md px-2 py-0.5 text-xs font-semibold ring-1 ring-inset ${style}`}>
      {titleCase(status)}
    </span>
  );
}
