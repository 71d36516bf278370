// Live calls and queue: what is happening on the floor right now, and why each caller got their agent.
import Link from "next/link";
import { CallsLive, LiveCallbacksSection, LiveCallsSection, LiveDecisions, LiveQueueSection } from "@/components/live-calls";
import { PageHeader } from "@/components/page-header";
import { buttonPrimary } from "@/components/ui-classes";
import { requireSupervisor } from "@/lib/auth/require-supervisor";
import { getDb } from "@/lib/db/client";
import { loadLiveFloor } from "@/lib/dashboard/load-live-floor";
import { env } from "@/lib/env";
import { renderClock } from "@/lib/realtime/live-patch";

export const dynamic = "force-dynamic";

export default async function LiveCallsPage() {
  await requireSupervisor();
  const renderedAt = renderClock(); // sections patched after this (components/live-calls.tsx) show their patch
  const { live, waiting, decisions, callbacks } = await loadLiveFloor(await getDb());
  const zone = env().timeZone; // times shown in the call centre's zone
  return (
    <>
      <PageHeader
        title="Live calls"
        description="Every call in progress, callers waiting for an agent, and the reasoning behind each routing decision."
        actions={
          <Link href="/start-call" className={buttonPrimary}>
            Start a call
          </Link>
        }
      />
      <CallsLive renderedAt={renderedAt} />
      <div className="grid gap-6 lg:grid-cols-3">
        <LiveCallsSection initial={live} renderedAt={renderedAt} />
        <LiveQueueSection initial={waiting} renderedAt={renderedAt} />
      </div>
      <LiveCallbacksSection initial={callbacks} renderedAt={renderedAt} zone={zone} />
      <section aria-labelledby="decisions-heading" className="space-y-3">
        <h2 id="decisions-heading" className="text-lg font-semibold">
          Why this agent <span className="text-sm font-normal text-slate-500">— latest routing decisions</span>
        </h2>
        <LiveDecisions initial={decisions} renderedAt={renderedAt} zone={zone} />
      </section>
    </>
  );
}
