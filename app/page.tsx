import { listAgents } from "@/lib/agents/list-agents";
import { getDb } from "@/lib/db/client";
import { pusherClientConfig } from "@/lib/realtime/client-config";
import { currentSequence } from "@/lib/realtime/publish";
import { LiveAgentList } from "./_components/live-agent-list";

export const dynamic = "force-dynamic";

export default async function HomePage() {
  const db = await getDb();
  const [agents, seq] = await Promise.all([listAgents(db), currentSequence(db)]);
  return (
    <main className="mx-auto max-w-4xl space-y-8 px-6 py-10">
      <header>
        <h1 className="text-2xl font-bold tracking-tight">Switchboard</h1>
        <p className="text-slate-600">Multi-level IVR and intelligent call routing on Plivo.</p>
      </header>
      <LiveAgentList agents={agents} pusher={pusherClientConfig()} seq={seq} />
    </main>
  );
}
