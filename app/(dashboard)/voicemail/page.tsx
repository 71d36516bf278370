// Voicemail tasks (#18): messages callers left, oldest open first. Play (through our session-checked media route,
// never Plivo's URL), assign to an agent, mark done. Live: a new message re-renders the page (call.changed).
import { PageHeader } from "@/components/page-header";
import { card } from "@/components/ui-classes";
import { requireSupervisor } from "@/lib/auth/session";
import { formatDuration } from "@/lib/dashboard/format";
import { callCentreZone } from "@/lib/dashboard/time";
import { getDb } from "@/lib/db/client";
import { listVoicemails } from "@/lib/voicemail/voicemail-tasks";
import { DateTime } from "luxon";
import Link from "next/link";
import { AssignVoicemailForm, MarkDoneButton } from "./voicemail-forms";

export const metadata = { title: "Voicemail — Switchboard" };

const STATUS_STYLE = { NEW: "bg-amber-100 text-amber-800", ASSIGNED: "bg-sky-100 text-sky-800", DONE: "bg-slate-100 text-slate-600" } as const;

export default async function VoicemailPage() {
  await requireSupervisor();
  const db = await getDb();
  const zone = callCentreZone();
  const [voicemails, agents] = await Promise.all([listVoicemails(db), db.agent.findMany({ orderBy: { name: "asc" }, select: { id: true, name: true }, take: 500 })]);
  const open = voicemails.filter((v) => v.status !== "DONE").length;
  return (
    <>
      <PageHeader title="Voicemail" description={`${open} open. Messages left outside business hours (or instead of waiting), oldest first.`} />
      <div className={`${card} overflow-x-auto`}>
        <table className="min-w-full divide-y divide-slate-200 text-sm">
          <thead className="bg-slate-50 text-left text-xs font-semibold uppercase text-slate-500">
            <tr>
              <th className="px-4 py-2">Left</th>
              <th className="px-4 py-2">From</th>
              <th className="px-4 py-2">Language</th>
              <th className="px-4 py-2">Message</th>
              <th className="px-4 py-2">Status</th>
              <th className="px-4 py-2">Assign</th>
              <th className="px-4 py-2" />
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {voicemails.length === 0 ? (
              <tr>
                <td colSpan={7} className="px-4 py-6 text-center text-slate-500">
                  No voicemail yet.
                </td>
              </tr>
            ) : null}
            {voicemails.map((v) => (
              <tr key={v.id} data-testid="voicemail-row">
                <td className="whitespace-nowrap px-4 py-2 text-slate-600">{DateTime.fromJSDate(v.createdAt, { zone }).toFormat("ccc d LLL HH:mm")}</td>
                <td className="px-4 py-2">
                  <Link href={`/history/${v.callId}`} className="text-indigo-700 hover:underline">
                    {v.from || "unknown"}
                  </Link>
                </td>
                <td className="px-4 py-2 uppercase">{v.languageCode ?? "-"}</td>
                <td className="space-y-1 px-4 py-2">
                  <audio controls preload="none" src={`/api/voicemail/${v.id}/audio`} aria-label={`Voicemail from ${v.from}, ${formatDuration(v.durationSeconds)}`} className="h-8 w-64" />
                  <p className="text-xs text-slate-500">{formatDuration(v.durationSeconds)}</p>
                  {v.transcription ? <p className="max-w-md text-xs text-slate-700">“{v.transcription}”</p> : null}
                </td>
                <td className="px-4 py-2">
                  <span className={`rounded px-2 py-0.5 text-xs font-semibold ${STATUS_STYLE[v.status]}`}>{v.status.toLowerCase()}</span>
                  {v.assignedAgent ? <p className="mt-1 text-xs text-slate-600">{v.assignedAgent.name}</p> : null}
                </td>
                <td className="px-4 py-2">{v.status === "DONE" ? null : <AssignVoicemailForm voicemailId={v.id} agents={agents} current={v.assignedAgent?.id ?? null} />}</td>
                <td className="px-4 py-2 text-right">{v.status === "DONE" ? null : <MarkDoneButton voicemailId={v.id} />}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
